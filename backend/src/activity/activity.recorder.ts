import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ACTIVITY_EVENT_TYPES, activityFromEvent, MAX_ACTIVITY_PER_BOARD } from '../../../contracts/activity';
import { isChannelOfKind } from '../../../contracts/channels';
import type { EventType } from '../../../contracts/events';
import type { AnyEventEnvelope } from '../../../contracts/events';
import { BoardAccess } from '../boards/board-access';
import type { BusEvent } from '../events/bus-event';
import { EventBus } from '../events/event-bus';
import { ActivityRepository } from './activity.repository';

/** Feed writes this pod has in flight at most; beyond, entries are dropped rather than queued without bound. */
const MAX_IN_FLIGHT = 1000;

/**
 * Builds every board's feed from the board's own events, as they are stored: no feature calls it,
 * so a new kind of board event reaches the feed by activityFromEvent alone. The event is stored on
 * exactly one pod, so exactly one pod records it. Recording never delays or fails the publish.
 */
@Injectable()
export class ActivityRecorder implements OnModuleInit {
  private readonly logger = new Logger('Activity');
  private inFlight = 0;
  private dropped = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly repository: ActivityRepository,
    private readonly boards: BoardAccess,
  ) {}

  onModuleInit(): void {
    this.bus.onPublished((event) => void this.record(event));
    this.boards.onBoardDeleted((boardId) => this.repository.deleteBoard(boardId));
  }

  /** Resolves once the entry is stored (or dropped); the bus hook does not wait for it. */
  async record(event: BusEvent): Promise<void> {
    if (!isChannelOfKind(event.channel, 'board') || !ACTIVITY_EVENT_TYPES.has(event.type as EventType)) {
      return;
    }
    if (this.inFlight >= MAX_IN_FLIGHT) {
      if (this.dropped++ % 100 === 0) {
        this.logger.warn(`Activity storage is falling behind: ${this.dropped} entries dropped so far`);
      }
      return;
    }
    this.inFlight++;
    try {
      const entry = activityFromEvent(JSON.parse(event.json) as AnyEventEnvelope);
      if (entry) {
        await this.repository.add(entry, MAX_ACTIVITY_PER_BOARD);
      }
    } catch (error) {
      this.logger.warn(`Recording ${event.type} on ${event.channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inFlight--;
    }
  }
}
