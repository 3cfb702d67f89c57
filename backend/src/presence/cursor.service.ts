import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { boardChannel } from '../../../contracts/channels';
import type { Actor } from '../users/actor';
import { EventBus } from '../events/event-bus';
import { BoardAccess } from '../boards/board-access';

const MIN_INTERVAL_MS = 100;

interface Pending {
  lastSentAt: number;
  next?: { x: number; y: number };
  timer?: NodeJS.Timeout;
}

/**
 * Live cursors: ephemeral events, coalesced per user and board so at most ten
 * a second go out, the latest position always last (trailing edge).
 */
@Injectable()
export class CursorService implements OnModuleInit, OnApplicationShutdown {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly bus: EventBus,
    private readonly boards: BoardAccess,
  ) {}

  onModuleInit(): void {
    // Positions are only held here for a trailing send (at most 100 ms), so this pod's are all there is.
    this.boards.onBoardDeleted((boardId) => this.forgetBoard(boardId));
  }

  async move(user: Actor, boardId: string, x: number, y: number): Promise<void> {
    const key = `${boardId}|${user.id}`;
    const state = this.pending.get(key) ?? { lastSentAt: 0 };
    this.pending.set(key, state);
    const wait = state.lastSentAt + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0 && !state.timer) {
      return this.send(key, state, boardId, user.id, { x, y });
    }
    state.next = { x, y };
    state.timer ??= setTimeout(
      () => {
        state.timer = undefined;
        if (state.next) {
          void this.send(key, state, boardId, user.id, state.next).catch(() => undefined);
        }
      },
      Math.max(0, wait),
    );
  }

  /** The board was deleted: a trailing position must not be published after it. */
  forgetBoard(boardId: string): void {
    for (const [key, state] of this.pending) {
      if (!key.startsWith(`${boardId}|`)) {
        continue;
      }
      clearTimeout(state.timer);
      this.pending.delete(key);
    }
  }

  onApplicationShutdown(): void {
    for (const state of this.pending.values()) {
      clearTimeout(state.timer);
    }
  }

  private async send(key: string, state: Pending, boardId: string, userId: string, position: { x: number; y: number }): Promise<void> {
    state.lastSentAt = Date.now();
    state.next = undefined;
    await this.bus.publish(boardChannel(boardId), 'cursor.moved', { userId, ...position }, userId, { ephemeral: true });
    // Forget idle users, so the map only holds people moving right now.
    setTimeout(() => {
      if (!state.timer && Date.now() - state.lastSentAt >= MIN_INTERVAL_MS && this.pending.get(key) === state) {
        this.pending.delete(key);
      }
    }, MIN_INTERVAL_MS * 10).unref();
  }
}
