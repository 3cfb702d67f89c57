import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { VoteState, VoteView } from '../../../contracts/facilitation';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { PlaceDotDto, StartVoteDto, VoteStateDto, VoteViewDto } from './dto/vote.dto';
import { VotesService } from './votes.service';

@ApiTags('votes')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:boardId/vote')
export class VotesController {
  constructor(private readonly votes: VotesService) {}

  @Post()
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOperation({ summary: 'Start a dot vote (editors and the owner); replaces an ended one' })
  @ApiCreatedResponse({ type: VoteViewDto, description: 'Publishes vote.started on the board' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  start(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @Body() body: StartVoteDto): Promise<VoteView> {
    return this.votes.start(actor, boardId, body);
  }

  @Get()
  @ApiOperation({ summary: 'The board’s vote as you see it (members)' })
  @ApiOkResponse({ type: VoteStateDto, description: 'Per-note totals of an anonymous vote only once it ended' })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<VoteState> {
    return this.votes.get(actor, boardId);
  }

  @Post('dots')
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOperation({ summary: 'Place one of your dots on a note (members, viewers too)' })
  @ApiCreatedResponse({
    type: VoteViewDto,
    description: 'Publishes vote.dots_changed on the board and vote.my_dots on your user channel',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  placeDot(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @Body() body: PlaceDotDto): Promise<VoteView> {
    return this.votes.placeDot(actor, boardId, body.noteId);
  }

  @Delete('dots/:noteId')
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOperation({ summary: 'Take one of your dots back from a note' })
  @ApiOkResponse({ type: VoteViewDto, description: 'As placing a dot; 409 when you have none on the note' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  removeDot(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @UuidParam('noteId') noteId: string): Promise<VoteView> {
    return this.votes.removeDot(actor, boardId, noteId);
  }

  @Post('end')
  @HttpCode(HttpStatus.OK)
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({ summary: 'End the vote and reveal its results (who started it, or the owner)' })
  @ApiOkResponse({ type: VoteViewDto, description: 'Publishes vote.ended with the results for everyone' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  end(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<VoteView> {
    return this.votes.end(actor, boardId);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({ summary: 'Cancel a running vote or clear an ended one (who started it, or the owner)' })
  @ApiNoContentResponse({ description: 'Publishes vote.cleared on the board' })
  @ApiErrors(400, 401, 403, 404, 429)
  clear(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<void> {
    return this.votes.clear(actor, boardId);
  }
}
