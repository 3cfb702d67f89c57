import { compareEventIds } from '@contracts/event-id';
import { isCanonicalId, parseCursor } from '@contracts/cursor';
import type { AnyEventEnvelope } from '@contracts/events';

/**
 * The id of the last event handed to the stores, per channel. A stream that takes over from
 * a poll (or the other way round) may replay what the other already delivered; this check
 * keeps every stored event exactly once, in order, whichever transport carried it.
 * Control and ephemeral events carry no id and always pass.
 */
export class DeliveredPositions {
  private readonly last = new Map<string, string>();

  /** True the first time a stored event is seen; false for one at or before its channel's last. */
  admit(event: AnyEventEnvelope): boolean {
    if (!event.channel || !isCanonicalId(event.id)) {
      return true;
    }
    const last = this.last.get(event.channel);
    if (last !== undefined && compareEventIds(event.id, last) <= 0) {
      return false;
    }
    this.last.set(event.channel, event.id);
    return true;
  }

  /**
   * A store asked to restart these channels from a snapshot's cursor: the events after it
   * are wanted again, even the ones already delivered.
   */
  rewind(cursor: string): void {
    for (const [channel, position] of parseCursor(cursor) ?? []) {
      this.last.set(channel, position.id);
    }
  }

  /** A reset (new epoch: ids start over) or a channel no longer carried. */
  forget(channels: Iterable<string>): void {
    for (const channel of channels) {
      this.last.delete(channel);
    }
  }

  /** Only these channels are carried from now on. */
  keepOnly(channels: readonly string[]): void {
    const kept = new Set(channels);
    this.forget([...this.last.keys()].filter((channel) => !kept.has(channel)));
  }

  clear(): void {
    this.last.clear();
  }
}
