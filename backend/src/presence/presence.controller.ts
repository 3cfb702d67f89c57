import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BoardPresence } from '../../../contracts/presence';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { BoardAccess } from '../boards/board-access';
import { CursorService } from './cursor.service';
import { BoardPresenceDto, CursorDto, SetStatusDto, ViewportDto } from './dto/presence.dto';
import { PresenceService } from './presence.service';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { PRESENCE_STATUS_LIMIT, SUMMON_LIMIT, VIEWPORT_LIMIT } from './presence-limit';
import { ViewportService } from './viewport.service';

@ApiTags('presence')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller()
export class PresenceController {
  constructor(
    private readonly presence: PresenceService,
    private readonly cursors: CursorService,
    private readonly boards: BoardAccess,
    private readonly viewports: ViewportService,
  ) {}

  @Get('boards/:id/presence')
  @ApiOperation({ summary: 'Who is on the board now; then follow presence.joined / left / updated on board:<id>' })
  @ApiOkResponse({ type: BoardPresenceDto })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<BoardPresence> {
    return this.presence.list(user, id);
  }

  @Post('presence/status')
  @RateLimit(PRESENCE_STATUS_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set your status; presence.updated on every board you are present on' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 429)
  setStatus(@CurrentActor() user: Actor, @Body() body: SetStatusDto): Promise<void> {
    return this.presence.setStatus(user, body.status);
  }

  @Post('boards/:id/cursor')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Your pointer position: an ephemeral cursor.moved, at most 10/s per user (latest wins)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async cursor(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: CursorDto): Promise<void> {
    await this.boards.assertMember(user, id);
    await this.cursors.move(user, id, body.x, body.y);
  }

  @Post('boards/:id/viewport')
  @RateLimit(VIEWPORT_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Where you look (centre point and zoom): an ephemeral viewport.moved, at most 10/s per user (latest wins)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 429)
  viewport(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: ViewportDto): Promise<void> {
    return this.viewports.move(user, id, { x: body.x, y: body.y, zoom: body.zoom });
  }

  @Post('boards/:id/viewport/summon')
  @RateLimit(SUMMON_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Bring everyone to your view (editors and the owner): an ephemeral viewport.summoned' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 429)
  summon(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: ViewportDto): Promise<void> {
    return this.viewports.summon(user, id, { x: body.x, y: body.y, zoom: body.zoom });
  }
}
