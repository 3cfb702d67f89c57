import { InjectionToken } from '@angular/core';

import type { WriteAnswer } from './outbox-policy';

/** What one user's tabs tell each other about their shared outbox. */
export type OutboxMessage =
  /** Records were added, sent or dropped: re-read the list (and drain, if the sender cannot). */
  | { kind: 'changed' }
  /** A queued write was answered: the tab that queued it answers its caller. */
  | { kind: 'answered'; key: string; answer: WriteAnswer };

/** The part of BroadcastChannel used here. */
export interface OutboxPort {
  postMessage(message: OutboxMessage): void;
  onmessage: ((event: MessageEvent<OutboxMessage>) => void) | null;
  close(): void;
}

/** The part of navigator.locks used here: one holder at a time, the others wait their turn. */
export interface OutboxLocks {
  request(name: string, options: object, callback: () => Promise<void>): Promise<unknown>;
}

export interface OutboxLink {
  readonly port: OutboxPort;
  readonly locks: OutboxLocks;
}

export type OutboxLinkFactory = (userId: string) => OutboxLink;

/** Null where Web Locks or BroadcastChannel are missing: then the tab drains on its own. */
export const OUTBOX_LINK_FACTORY = new InjectionToken<OutboxLinkFactory | null>('OUTBOX_LINK_FACTORY', {
  providedIn: 'root',
  factory: () => {
    const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as OutboxLocks | undefined);
    if (!locks || typeof BroadcastChannel === 'undefined') {
      return null;
    }
    // One channel per user: another user's tabs on this browser never hear of these writes.
    return (userId: string) => ({ port: new BroadcastChannel(`corkboard-outbox:${userId}`), locks });
  },
});

export const outboxLockName = (userId: string): string => `corkboard-outbox:${userId}`;
