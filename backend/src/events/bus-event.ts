import type { ChannelPosition } from '../../../contracts/cursor';

/** An event as the bus carries it: the envelope is serialized once, at publish time. */
export interface BusEvent {
  readonly channel: string;
  /** `<ms>-<seq>` within the channel; '' for ephemeral events. */
  readonly id: string;
  readonly epoch: string;
  readonly type: string;
  /** The complete envelope as JSON, written to every subscriber as is. */
  readonly json: string;
  readonly ephemeral: boolean;
}

export interface PublishOptions {
  /** Delivered live only: never stored, never replayed, dropped first for slow readers. */
  ephemeral?: boolean;
}

/** What a pod-level channel listener is told. */
export interface ChannelListener {
  onEvent(event: BusEvent): void;
  /** The channel's history was lost while this pod was cut off: its state must be refetched. */
  onReset(channel: string, position: ChannelPosition): void;
}

export type HistoryResult = { ok: true; events: BusEvent[] } | { ok: false; reason: 'epoch' | 'trimmed' };

/** Builds the envelope JSON around an id known only after it is stored. */
export function envelopeJson(id: string, rest: string): string {
  return `{"id":"${id}",${rest}`;
}

/** The envelope without its id, as `"channel":…}` (so the id can be put in front later). */
export function envelopeRest(channel: string, type: string, timestamp: string, userId: string | null, data: unknown): string {
  return JSON.stringify({ channel, type, timestamp, userId, data }).slice(1);
}
