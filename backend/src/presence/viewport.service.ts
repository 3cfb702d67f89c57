import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { boardChannel } from '../../../contracts/channels';
import type { Viewport } from '../../../contracts/facilitation';
import type { Actor } from '../users/actor';
import { EventBus } from '../events/event-bus';
import { BoardAccess } from '../boards/board-access';
import { Coalescer } from './coalescer';

// Like cursors: at most ten a second per user and board, followers only need the latest view.
const MIN_INTERVAL_MS = 100;

/** Follow mode: where members look, and a facilitator bringing everyone to their view. Never stored. */
@Injectable()
export class ViewportService implements OnModuleInit, OnApplicationShutdown {
  private readonly coalescer = new Coalescer<Viewport>(MIN_INTERVAL_MS);

  constructor(
    private readonly bus: EventBus,
    private readonly boards: BoardAccess,
  ) {}

  onModuleInit(): void {
    this.boards.onBoardDeleted((boardId) => this.coalescer.forget(`${boardId}|`));
  }

  /** Members, viewers too: following someone is reading. */
  async move(user: Actor, boardId: string, viewport: Viewport): Promise<void> {
    await this.boards.assertMember(user, boardId);
    await this.coalescer.push(`${boardId}|${user.id}`, viewport, (latest) =>
      this.bus.publish(boardChannel(boardId), 'viewport.moved', { userId: user.id, ...latest }, user.id, { ephemeral: true }),
    );
  }

  /** Moving everyone else's view is facilitation, so editors and the owner only. */
  async summon(user: Actor, boardId: string, viewport: Viewport): Promise<void> {
    await this.boards.assertEditor(user, boardId);
    await this.bus.publish(boardChannel(boardId), 'viewport.summoned', { userId: user.id, ...viewport }, user.id, { ephemeral: true });
  }

  onApplicationShutdown(): void {
    this.coalescer.close();
  }
}
