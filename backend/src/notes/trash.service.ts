import { Injectable } from '@nestjs/common';
import { MAX_NOTES_PER_BOARD, type Note, type TrashedNote } from '../../../contracts/boards';
import { boardChannel } from '../../../contracts/channels';
import { BoardAccess } from '../boards/board-access';
import { BoardNotFoundError } from '../boards/boards.errors';
import { BoardNotesRepository } from '../boards/boards.repository';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import { BoardFullError, NoteIdTakenError, NotInTrashError } from './notes.errors';
import { TRASH_POLICY } from './trash.policy';

/** A board's deleted notes: members see them, editors bring them back, the owner empties the trash. */
@Injectable()
export class TrashService {
  constructor(
    private readonly repository: BoardNotesRepository,
    private readonly access: BoardAccess,
    private readonly bus: EventBus,
  ) {}

  async list(actor: Actor, boardId: string): Promise<TrashedNote[]> {
    await this.access.assertMember(actor, boardId);
    return this.repository.listTrash(boardId, Date.now(), TRASH_POLICY);
  }

  /** Back with its original id, so other users' references to it (and undo stacks) hold. */
  async restore(actor: Actor, boardId: string, noteId: string): Promise<Note> {
    await this.access.assertEditor(actor, boardId);
    const now = Date.now();
    const result = await this.repository.restoreNote(boardId, noteId, MAX_NOTES_PER_BOARD, new Date(now).toISOString(), now, TRASH_POLICY);
    switch (result.status) {
      case 'absent':
        throw new NotInTrashError();
      case 'exists':
        throw new NoteIdTakenError();
      case 'full':
        throw new BoardFullError(MAX_NOTES_PER_BOARD);
      case 'missing':
        throw new BoardNotFoundError();
      case 'restored':
        break;
    }
    await this.bus.publish(boardChannel(boardId), 'note.created', { note: result.note, restored: true }, actor.id);
    return result.note;
  }

  async empty(actor: Actor, boardId: string): Promise<void> {
    await this.access.assertOwner(actor, boardId, 'empty the trash');
    await this.repository.emptyTrash(boardId);
    await this.bus.publish(boardChannel(boardId), 'trash.emptied', { boardId }, actor.id);
  }
}
