import type { ChannelPosition, Cursor } from '@contracts/cursor';
import { formatCursor, parseCursor } from '@contracts/cursor';
import type { AnyEventEnvelope } from '@contracts/events';

import { lostChannel } from '../access-loss';
import { compareEventIds, positionIn } from './event-order';

/** What one tab needs from the shared stream. */
export interface TabWants {
  /** Channels its stores subscribe to; lost ones too, so their access-loss events still reach it. */
  readonly channels: readonly string[];
  /** Channels it wants the stream to carry: `channels` without the ones it lost. */
  readonly streamed: readonly string[];
  /** Snapshot cursors the stream has yet to cover, per channel. */
  readonly hints: Readonly<Record<string, string>>;
}

/** One tab's snapshot cursor for one channel. */
export interface HintEntry {
  readonly tab: string;
  readonly channel: string;
  readonly hint: string;
}

/** The request of the one stream every tab shares, and the hints it covers. */
export interface SharedRequest {
  readonly channels: readonly string[];
  readonly cursor: string;
  readonly covered: readonly HintEntry[];
}

export function hintKey(entry: HintEntry): string {
  return `${entry.tab}|${entry.channel}|${entry.hint}`;
}

/** Whether `event` is for subscribers of `channel`: its own events and the resets that name it. */
export function carries(event: AnyEventEnvelope, channel: string): boolean {
  return event.channel === channel || (event.type === 'reset' && event.data.channels.includes(channel));
}

/** The tabs an event goes to: those subscribed to its channel, or to the channel it takes away. */
export function recipients(event: AnyEventEnvelope, tabs: ReadonlyMap<string, TabWants>, userId: string): string[] {
  const lost = lostChannel(event, userId)?.channel;
  const to: string[] = [];
  for (const [tab, wants] of tabs) {
    if (wants.channels.some((channel) => channel === lost || carries(event, channel))) {
      to.push(tab);
    }
  }
  return to;
}

/** The union of what the tabs want on the stream, in the order they first asked, without `excluded`. */
export function unionOf(tabs: ReadonlyMap<string, TabWants>, excluded: ReadonlySet<string>): string[] {
  const union = new Set<string>();
  for (const wants of tabs.values()) {
    wants.streamed.forEach((channel) => excluded.has(channel) || union.add(channel));
  }
  return [...union];
}

function hintEntries(tabs: ReadonlyMap<string, TabWants>, channels: ReadonlySet<string>): HintEntry[] {
  const entries: HintEntry[] = [];
  for (const [tab, wants] of tabs) {
    for (const [channel, hint] of Object.entries(wants.hints)) {
      if (channels.has(channel)) {
        entries.push({ tab, channel, hint });
      }
    }
  }
  return entries;
}

/**
 * The shared stream's request. Each channel resumes from the oldest position any tab still
 * needs: the stream's own, or a snapshot's that the stream has not covered yet. Tabs that
 * already have the events in between drop them (DeliveryGate). A snapshot from another
 * history (epoch) wins, as a single tab's would: the server answers it with a reset.
 */
export function buildRequest(
  tabs: ReadonlyMap<string, TabWants>,
  excluded: ReadonlySet<string>,
  streamCursor: string,
  covered: ReadonlySet<string>,
): SharedRequest {
  const channels = unionOf(tabs, excluded);
  const positions: Cursor = parseCursor(streamCursor) ?? new Map<string, ChannelPosition>();
  const entries = hintEntries(tabs, new Set(channels)).filter((entry) => !covered.has(hintKey(entry)));
  for (const entry of entries) {
    const hinted = positionIn(entry.hint, entry.channel);
    const current = positions.get(entry.channel);
    if (hinted && (!current || current.epoch !== hinted.epoch || compareEventIds(hinted.id, current.id) < 0)) {
      positions.set(entry.channel, hinted);
    }
  }
  return { channels, cursor: formatCursor(positions), covered: entries };
}

/** What the leader does when a tab's wants change. */
export interface WantsPlan {
  /** The stream must be opened again: it lacks a channel, or must go back to a snapshot's cursor. */
  readonly reconnect: boolean;
  /** Hints the running stream covers as it is (it has not passed them yet). */
  readonly covered: readonly HintEntry[];
}

/**
 * `streamChannels` are what the current stream was opened with; `streamCursor` is where it
 * has got to. A new channel, or a snapshot older than where the stream is on its channel
 * (the events in between went by before the tab asked), needs a new stream.
 */
export function planWants(
  tabs: ReadonlyMap<string, TabWants>,
  excluded: ReadonlySet<string>,
  streamChannels: readonly string[],
  streamCursor: string,
  covered: ReadonlySet<string>,
): WantsPlan {
  const streamed = new Set(streamChannels);
  const union = unionOf(tabs, excluded);
  if (union.some((channel) => !streamed.has(channel))) {
    return { reconnect: true, covered: [] };
  }
  const coveredNow: HintEntry[] = [];
  for (const entry of hintEntries(tabs, new Set(union))) {
    if (covered.has(hintKey(entry))) {
      continue;
    }
    const hinted = positionIn(entry.hint, entry.channel);
    const current = positionIn(streamCursor, entry.channel);
    if (!hinted || (current && current.epoch === hinted.epoch && compareEventIds(current.id, hinted.id) <= 0)) {
      coveredNow.push(entry);
    } else {
      return { reconnect: true, covered: [] };
    }
  }
  return { reconnect: false, covered: coveredNow };
}
