import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActivityPage } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import type { Actor } from '../users/actor';
import { ActivityService } from './activity.service';
import { ActivityPageDto, ActivityPageQueryDto } from './dto/activity.dto';

@ApiTags('activity')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:boardId/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({
    summary:
      "Members: the board's activity feed, newest first, built from its events (a user's moves of one note within a minute are one entry)",
  })
  @ApiOkResponse({ type: ActivityPageDto })
  @ApiErrors(400, 401, 403, 404)
  page(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @Query() query: ActivityPageQueryDto): Promise<ActivityPage> {
    return this.activity.page(actor, boardId, query.before, query.limit);
  }
}
