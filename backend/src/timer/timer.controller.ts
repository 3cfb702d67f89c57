import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TimerState } from '../../../contracts/facilitation';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { TimerCommandDto, TimerStateDto, toTimerCommand } from './dto/timer.dto';
import { TimerService } from './timer.service';

@ApiTags('timer')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:boardId/timer')
export class TimerController {
  constructor(private readonly timer: TimerService) {}

  @Get()
  @ApiOperation({ summary: "The board's timer, with the server's clock (members)" })
  @ApiOkResponse({ type: TimerStateDto, description: 'An idle timer of the default length when nobody started one' })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<TimerState> {
    return this.timer.get(actor, boardId);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOperation({
    summary: 'Start, pause, resume, reset or extend the timer (editors and the owner)',
    description:
      'Publishes timer.updated on the board. start restarts from any state and reset always applies; pause needs a running timer, ' +
      'resume a paused one, extend a running or paused one with time left: otherwise 409 (a running timer past endsAt has run out).',
  })
  @ApiOkResponse({ type: TimerStateDto })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  command(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @Body() body: TimerCommandDto): Promise<TimerState> {
    return this.timer.command(actor, boardId, toTimerCommand(body));
  }
}
