import { InjectionToken } from '@angular/core';

import type { AnyEventEnvelope } from '@contracts/events';

import type { ConnectionState } from '../realtime-client';
import type { Transport } from '../transport/transport-policy';
import type { HintEntry, TabWants } from './routing';

/** The leader's connection, as every tab's badge shows it. */
export interface SharedStatus {
  readonly state: ConnectionState;
  readonly latencyMs: number | null;
  /** Which transport the leader's connection runs on, so every tab's badge says "polling" too. */
  readonly transport: Transport;
}

/** What the tabs of one user tell each other about the stream they share. */
export type StreamMessage =
  | { kind: 'hello'; tab: string }
  | { kind: 'wants'; tab: string; wants: TabWants }
  | { kind: 'bye'; tab: string }
  | { kind: 'leader'; tab: string }
  | { kind: 'status'; tab: string; status: SharedStatus }
  | { kind: 'event'; event: AnyEventEnvelope; cursor: string; to: string[] }
  | { kind: 'covered'; entries: HintEntry[]; cursor: string }
  | { kind: 'refused'; channel: string; status: number; to: string[] }
  | { kind: 'signed-out'; tab: string };

/** The part of BroadcastChannel used here. */
export interface TabPort {
  postMessage(message: StreamMessage): void;
  onmessage: ((event: MessageEvent<StreamMessage>) => void) | null;
  close(): void;
}

/** The part of navigator.locks used here. */
export interface TabLocks {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
  query(): Promise<{ held?: Array<{ name?: string }> }>;
}

export interface TabLink {
  readonly port: TabPort;
  readonly locks: TabLocks;
}

/** Opens the link between one user's tabs; the token is null where Web Locks or BroadcastChannel are missing. */
export type TabLinkFactory = (userId: string) => TabLink;

export const TAB_LINK_FACTORY = new InjectionToken<TabLinkFactory | null>('TAB_LINK_FACTORY', {
  providedIn: 'root',
  factory: () => {
    const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as TabLocks | undefined);
    if (!locks || typeof BroadcastChannel === 'undefined') {
      return null;
    }
    // One channel per user: tabs of different users in one browser never share a stream.
    return (userId: string) => ({ port: new BroadcastChannel(`corkboard-realtime:${userId}`), locks });
  },
});
