import { Body, Controller, Delete, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Note } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { InvalidInputError } from '../common/domain-error';
import { UuidParam } from '../common/uuid-param';
import { CLIENT_ID_MESSAGE, CLIENT_ID_PATTERN } from '../common/validation';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { CreateNoteDto, NoteConflictDto, NoteDto, UpdateNoteDto } from './dto/note.dto';
import { NotesService } from './notes.service';

@ApiTags('notes')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:boardId/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiCreatedResponse({ type: NoteDto, description: 'Publishes note.created (with your clientId) on the board channel' })
  @ApiConflictResponse({ description: 'The board already holds the most notes it can' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  create(@CurrentActor() actor: Actor, @UuidParam('boardId') boardId: string, @Body() body: CreateNoteDto): Promise<Note> {
    return this.notes.createNote(actor, boardId, body);
  }

  @Patch(':noteId')
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @ApiOkResponse({ type: NoteDto, description: 'The note with version + 1; publishes note.updated' })
  @ApiConflictResponse({ type: NoteConflictDto, description: '`version` was stale: `current` is the note as it is now' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('boardId') boardId: string,
    @UuidParam('noteId') noteId: string,
    @Body() body: UpdateNoteDto,
  ): Promise<Note> {
    return this.notes.updateNote(actor, boardId, noteId, body);
  }

  @Delete(':noteId')
  @RateLimit(WRITE_LIMIT)
  @Idempotent()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiQuery({ name: 'clientId', required: false, description: 'Echoed in the note.deleted event' })
  @ApiNoContentResponse({ description: 'Publishes note.deleted' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  remove(
    @CurrentActor() actor: Actor,
    @UuidParam('boardId') boardId: string,
    @UuidParam('noteId') noteId: string,
    @Query('clientId') clientId?: string,
  ): Promise<void> {
    if (clientId !== undefined && (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId))) {
      throw new InvalidInputError(CLIENT_ID_MESSAGE);
    }
    return this.notes.deleteNote(actor, boardId, noteId, clientId);
  }
}
