import type { AnyEventEnvelope } from '@contracts/events';
import type { ChannelPosition } from '@contracts/cursor';

import { compareEventIds, positionIn } from './event-order';

/**
 * What one tab has delivered, per channel: the last event id. A stream resumed from an
 * older cursor (a new leader, another tab's snapshot) replays events this tab already
 * has; they stop here. Ephemeral events (id '') always pass.
 */
export class DeliveryGate {
  private readonly delivered = new Map<string, ChannelPosition>();

  /** The tab holds `channel` as of `cursor` (a snapshot's): only later events are new. */
  seed(channel: string, cursor: string | undefined): void {
    const position = cursor ? positionIn(cursor, channel) : undefined;
    if (position) {
      this.delivered.set(channel, position);
    }
  }

  forget(channel: string): void {
    this.delivered.delete(channel);
  }

  /** `cursorAfter` is the stream cursor that came with the event (its SSE id). */
  admit(event: AnyEventEnvelope, cursorAfter: string): boolean {
    if (event.type === 'reset') {
      // A new history: its ids say nothing about the old one, and the snapshot that follows seeds the channel again.
      event.data.channels.forEach((channel) => this.delivered.delete(channel));
      return true;
    }
    if (!event.id || !event.channel) {
      return true;
    }
    const last = this.delivered.get(event.channel);
    const epoch = positionIn(cursorAfter, event.channel)?.epoch ?? last?.epoch ?? '';
    if (last && last.epoch === epoch && compareEventIds(event.id, last.id) <= 0) {
      return false;
    }
    this.delivered.set(event.channel, { epoch, id: event.id });
    return true;
  }
}
