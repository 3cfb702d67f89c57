import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { boardChannel, channelId, isChannelOfKind } from '../../../contracts/channels';
import type { BoardPresence, PresenceStatus } from '../../../contracts/presence';
import type { Actor } from '../users/actor';
import { AppConfig } from '../config/app-config';
import { ConnectionsService } from '../events/connections.service';
import { EventBus } from '../events/event-bus';
import type { StreamInfo } from '../events/stream-hooks';
import { BoardAccess } from '../boards/board-access';
import { PresenceStore } from './presence.store';

/** Presence from the realtime core's stream hooks: per user and board, never per connection. */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  /** Per stream, its joins and leaves run one after the other, never overtaking. */
  private readonly queues = new Map<string, Promise<void>>();
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly store: PresenceStore,
    private readonly connections: ConnectionsService,
    private readonly bus: EventBus,
    private readonly boards: BoardAccess,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.start();
    this.connections.addHooks({
      onStreamOpened: (stream) => this.enqueue(stream.connectionId, () => this.opened(stream)),
      onStreamClosed: (stream) => this.enqueue(stream.connectionId, () => this.closed(stream)),
      onChannelRevoked: (stream, channel) => this.enqueue(stream.connectionId, () => this.revoked(stream, channel)),
    });
    this.boards.onBoardDeleted((boardId) => this.store.purgeBoard(boardId));
    const interval = Math.min(1000, Math.max(50, Math.floor(this.config.presenceGraceMs / 4)));
    this.sweeper = setInterval(() => void this.sweep(), interval);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.queues.values()]);
    await this.store.stop();
  }

  async list(user: Actor, boardId: string): Promise<BoardPresence> {
    await this.boards.assertMember(user, boardId);
    const users = await this.store.list(boardId);
    return { users: users.sort((a, b) => a.since.localeCompare(b.since)) };
  }

  async setStatus(user: Actor, status: PresenceStatus): Promise<void> {
    const boards = await this.store.setStatus(user.id, status);
    for (const boardId of boards) {
      await this.bus.publish(boardChannel(boardId), 'presence.updated', { userId: user.id, status }, user.id);
    }
  }

  /** Announces leaves whose grace period is over; public so tests can run it without waiting. */
  async sweep(): Promise<void> {
    if (this.sweeping) {
      return;
    }
    this.sweeping = true;
    try {
      for (const { boardId, userId } of await this.store.sweep()) {
        await this.bus.publish(boardChannel(boardId), 'presence.left', { userId }, null);
      }
    } catch (error) {
      this.logger.warn(`Presence sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async opened(stream: StreamInfo): Promise<void> {
    const member = { userId: stream.userId, username: stream.username, displayName: stream.displayName };
    for (const boardId of boardsOf(stream)) {
      const joined = await this.store.join(boardId, member, stream.connectionId);
      if (joined) {
        await this.bus.publish(boardChannel(boardId), 'presence.joined', joined, stream.userId);
      }
    }
  }

  private async closed(stream: StreamInfo): Promise<void> {
    for (const boardId of boardsOf(stream)) {
      await this.store.leave(boardId, stream.userId, stream.connectionId);
    }
  }

  /** No reconnect can bring a user back to a board they lost: they leave without the grace period. */
  private async revoked(stream: StreamInfo, channel: string): Promise<void> {
    if (!isChannelOfKind(channel, 'board')) {
      return;
    }
    await this.store.leave(channelId(channel), stream.userId, stream.connectionId, 0);
    await this.sweep();
  }

  /** One stream's presence updates run in order; an idle stream keeps no queue. */
  private enqueue(connectionId: string, task: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(connectionId) ?? Promise.resolve())
      .then(task)
      .catch((error: unknown) => this.logger.warn(`Presence update failed: ${error instanceof Error ? error.message : String(error)}`));
    this.queues.set(connectionId, next);
    void next.then(() => {
      if (this.queues.get(connectionId) === next) {
        this.queues.delete(connectionId);
      }
    });
    return next;
  }
}

/** The boards the stream carries; a revoked one was left when it was revoked. */
function boardsOf(stream: StreamInfo): string[] {
  return stream.channels.flatMap((channel) =>
    isChannelOfKind(channel, 'board') && !stream.revokedChannels?.has(channel) ? [channelId(channel)] : [],
  );
}
