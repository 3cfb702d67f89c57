import { Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MAX_TRASH_PER_BOARD, type Note, type TrashedNote, TRASH_RETENTION_DAYS } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { NoteDto } from './dto/note.dto';
import { TrashedNoteDto } from './dto/trash.dto';
import { TrashService } from './trash.service';

@ApiTags('notes')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:boardId/trash')
export class TrashController {
  constructor(private readonly trash: TrashService) {}

  @Get()
  @ApiOperation({
    summary: `Deleted notes, newest first: kept ${TRASH_RETENTION_DAYS} days, at most ${MAX_TRASH_PER_BOARD} (the oldest go first)`,
  })
  @ApiOkResponse({ type: [TrashedNoteDto] })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<TrashedNote[]> {
    return this.trash.list(actor, boardId);
  }

  @Post(':noteId/restore')
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOperation({ summary: 'Editors and the owner: bring a deleted note back with its original id (version + 1)' })
  @ApiCreatedResponse({ type: NoteDto, description: 'Publishes note.created with restored: true on the board channel' })
  @ApiConflictResponse({ description: 'A live note has this id, or the board already holds the most notes it can' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  restore(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @UuidParam('noteId') noteId: string): Promise<Note> {
    return this.trash.restore(actor, boardId, noteId);
  }

  @Delete()
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'The owner only: delete every note in the trash for good' })
  @ApiNoContentResponse({ description: 'Publishes trash.emptied on the board channel' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  empty(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string): Promise<void> {
    return this.trash.empty(actor, boardId);
  }
}
