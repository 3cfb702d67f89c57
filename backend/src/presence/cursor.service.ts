import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { boardChannel } from '../../../contracts/channels';
import type { Actor } from '../users/actor';
import { EventBus } from '../events/event-bus';
import { BoardAccess } from '../boards/board-access';
import { Coalescer } from './coalescer';

// At most ten a second per user and board.
const MIN_INTERVAL_MS = 100;

/** Live cursors: ephemeral events, coalesced per user and board, the latest position always last. */
@Injectable()
export class CursorService implements OnModuleInit, OnApplicationShutdown {
  private readonly coalescer = new Coalescer<{ x: number; y: number }>(MIN_INTERVAL_MS);

  constructor(
    private readonly bus: EventBus,
    private readonly boards: BoardAccess,
  ) {}

  onModuleInit(): void {
    // Positions are only held here for a trailing send (at most 100 ms), so this pod's are all there is.
    this.boards.onBoardDeleted((boardId) => this.forgetBoard(boardId));
  }

  async move(user: Actor, boardId: string, x: number, y: number): Promise<void> {
    await this.coalescer.push(`${boardId}|${user.id}`, { x, y }, (position) =>
      this.bus.publish(boardChannel(boardId), 'cursor.moved', { userId: user.id, ...position }, user.id, { ephemeral: true }),
    );
  }

  /** The board was deleted: a trailing position must not be published after it. */
  forgetBoard(boardId: string): void {
    this.coalescer.forget(`${boardId}|`);
  }

  onApplicationShutdown(): void {
    this.coalescer.close();
  }
}
