import { Injectable, Logger } from '@nestjs/common';
import type { Board } from '../../../contracts/boards';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { canEditNotes } from '../../../contracts/boards';
import { BoardNotFoundError, NotABoardMemberError, NotTheOwnerError, ViewerReadOnlyError } from './boards.errors';
import { type BoardRecord, BoardsRepository, roleInRecord } from './boards.repository';

/** What else must go when a board goes (its chat room, presence, cursors); registered by those modules. */
export type BoardDeletedHook = (boardId: string) => Promise<void> | void;

/**
 * What the rest of the app (notes, chat, presence, jobs, calls) may ask about boards: whether an actor
 * may use one, who is on it, the boards an actor has, and a say when one is deleted.
 */
@Injectable()
export class BoardAccess {
  private readonly logger = new Logger('Boards');
  private readonly boardDeletedHooks: BoardDeletedHook[] = [];

  constructor(
    private readonly boards: BoardsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** 404 for a board that does not exist, 403 for one the actor is not a member of. */
  async assertMember(actor: Actor, boardId: string): Promise<BoardRecord> {
    const record = await this.boards.findBoard(boardId);
    if (!record) {
      throw new BoardNotFoundError();
    }
    if (!record.memberIds.includes(actor.id)) {
      throw new NotABoardMemberError();
    }
    return record;
  }

  /** As assertMember, then 403 for a viewer: note writes, restoring from the trash, running votes and the timer. */
  async assertEditor(actor: Actor, boardId: string): Promise<BoardRecord> {
    const record = await this.assertMember(actor, boardId);
    if (!canEditNotes(roleInRecord(record, actor.id))) {
      throw new ViewerReadOnlyError();
    }
    return record;
  }

  /** As assertMember, then 403 unless the actor owns the board; `action` completes "Only the board's owner can …". */
  async assertOwner(actor: Actor, boardId: string, action: string): Promise<BoardRecord> {
    const record = await this.assertMember(actor, boardId);
    if (record.ownerId !== actor.id) {
      throw new NotTheOwnerError(action);
    }
    return record;
  }

  async isMember(boardId: string, userId: string): Promise<boolean> {
    return this.boards.isMember(boardId, userId);
  }

  /** In join order; none for a board that does not exist. */
  async memberIds(boardId: string): Promise<string[]> {
    return (await this.boards.findBoard(boardId))?.memberIds ?? [];
  }

  async listBoards(actor: Actor): Promise<Board[]> {
    const records = await this.boards.listBoardsOf(actor.id);
    return Promise.all(records.map((record) => this.toBoard(record)));
  }

  onBoardDeleted(hook: BoardDeletedHook): void {
    this.boardDeletedHooks.push(hook);
  }

  /** Called by the boards module once a board is gone. */
  async runBoardDeletedHooks(boardId: string): Promise<void> {
    for (const hook of this.boardDeletedHooks) {
      try {
        await hook(boardId);
      } catch (error) {
        // The board is gone either way; leftovers are unreachable without it.
        this.logger.warn(`Cleaning up after board ${boardId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async toBoard(record: BoardRecord): Promise<Board> {
    const users = await this.users.findManyByIds(record.memberIds);
    const byId = new Map(users.map((member) => [member.id, toPublicUser(member)]));
    return {
      id: record.id,
      title: record.title,
      ownerId: record.ownerId,
      members: record.memberIds.flatMap((id) => {
        const user = byId.get(id);
        const role = roleInRecord(record, id);
        return user && role ? [{ ...user, role }] : [];
      }),
      createdAt: record.createdAt,
    };
  }
}
