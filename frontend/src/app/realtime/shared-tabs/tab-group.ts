import { Observable, Subject } from 'rxjs';

import type { AnyEventEnvelope } from '@contracts/events';

import { newClientId } from '../../core/client-id';
import { type HintEntry, type SharedRequest, type TabWants, buildRequest, hintKey, planWants, recipients, unionOf } from './routing';
import type { SharedStatus, StreamMessage, TabLink } from './tab-link';

export type TabRole = 'leader' | 'follower';

/** An event the leader passed on, with the stream cursor after it. */
export interface Forwarded {
  readonly event: AnyEventEnvelope;
  readonly cursor: string;
  /** Addressed to this tab (it asked for the event's channel). */
  readonly mine: boolean;
}

/** What the group needs from the tab's RealtimeClient. */
export interface TabGroupHooks {
  /** Where the leader's stream has got to (its last SSE id). */
  streamCursor(): string;
  /** Where the leader's stream has got to, as a follower hears it: a handover resumes from there. */
  cursorHeard(cursor: string): void;
  /** The leader's stream must be opened again with a new request. */
  reconnect(): void;
  /** The shared stream covers this tab's snapshot cursor for `channel`: it need not be sent again. */
  covered(channel: string, hint: string): void;
  /** A channel of this tab was refused (403/404). */
  refused(status: number): void;
  /** Another tab's session ended: this one's may have too. */
  signedOutElsewhere(): void;
}

export const leaderLockName = (userId: string): string => `corkboard-stream:${userId}`;
const tabLockName = (userId: string, tab: string): string => `corkboard-tab:${userId}:${tab}`;

/** How often the leader looks for tabs that vanished without saying goodbye (their lock is gone). */
export const SWEEP_MS = 2_000;
/** A tab that left is dropped from the stream after this, so a reload (bye, hello) reconnects once. */
export const DEPARTURE_RECONNECT_MS = 1_000;

/**
 * One user's tabs on one origin sharing one stream. Whoever holds the Web Lock is the
 * leader and runs the connection for the union of every tab's wants; the others follow
 * over BroadcastChannel. Each tab holds a lock of its own for as long as it lives, so the
 * leader learns of a crashed tab from the lock manager rather than from missed heartbeats
 * (which a hidden tab's throttled timers would miss too).
 */
export class TabGroup {
  private readonly tabs = new Map<string, TabWants>();
  private readonly heardAt = new Map<string, number>();
  /** Hints a live stream of this leader covered: never a reason to go back again. */
  private readonly covered = new Set<string>();
  /** Channels the server refused: left out of the stream until no tab asks for them. */
  private readonly refusedChannels = new Set<string>();
  private readonly statuses = new Subject<SharedStatus>();
  private readonly forwards = new Subject<Forwarded>();
  private readonly closing = new AbortController();
  private request: SharedRequest | null = null;
  private lastStatus: SharedStatus | null = null;
  private isLeader = false;
  private announced = false;
  private closed = false;
  private releaseTabLock: (() => void) | undefined;
  private releaseLeaderLock: (() => void) | undefined;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private departure: ReturnType<typeof setTimeout> | undefined;
  private readonly onPageHide = (): void => this.post({ kind: 'bye', tab: this.tabId });
  private readonly onPageShow = (): void => this.introduce();

  /** The leader's status, as followers hear it. */
  readonly status$ = this.statuses.asObservable();
  /** Every event the leader passes on (followers keep its cursor for a handover). */
  readonly forwarded$ = this.forwards.asObservable();

  /** Follower until the leader lock is granted, then leader. The lock is let go by close(). */
  readonly role$ = new Observable<TabRole>((subscriber) => {
    subscriber.next('follower');
    const abort = new AbortController();
    this.link.locks
      .request(leaderLockName(this.userId), { signal: abort.signal }, () => {
        if (abort.signal.aborted || this.closed) {
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          this.releaseLeaderLock = resolve;
          this.lead();
          subscriber.next('leader');
        });
      })
      .catch(() => undefined);
    // Only a place in the queue is given up here: a tab signing out keeps the lock until it closes the group.
    return () => abort.abort();
  });

  constructor(
    private readonly link: TabLink,
    readonly userId: string,
    private readonly hooks: TabGroupHooks,
    readonly tabId: string = newClientId(),
  ) {}

  get leading(): boolean {
    return this.isLeader;
  }

  /** Channels of the stream the leader last opened. */
  get streamChannels(): readonly string[] {
    return this.request?.channels ?? [];
  }

  start(own: TabWants): void {
    this.tabs.set(this.tabId, own);
    this.link.port.onmessage = (message) => this.receive(message.data);
    globalThis.addEventListener?.('pagehide', this.onPageHide);
    globalThis.addEventListener?.('pageshow', this.onPageShow);
    this.link.locks
      .request(tabLockName(this.userId, this.tabId), { signal: this.closing.signal }, () => {
        if (this.closed) {
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          this.releaseTabLock = resolve;
          // Only now: a leader that finds our wants but not our lock takes us for gone.
          this.announced = true;
          this.introduce();
        });
      })
      .catch(() => undefined);
  }

  setOwnWants(wants: TabWants): void {
    this.tabs.set(this.tabId, wants);
    if (this.announced) {
      this.post({ kind: 'wants', tab: this.tabId, wants });
    }
    if (this.isLeader) {
      this.evaluate();
    }
  }

  // ---- leader ------------------------------------------------------------------------

  /** The request for the leader's next connection; remembered as what the stream carries. */
  buildRequest(streamCursor: string): SharedRequest {
    this.prune();
    this.request = buildRequest(this.tabs, this.refusedChannels, streamCursor, this.covered);
    return this.request;
  }

  forward(event: AnyEventEnvelope, cursor: string): void {
    const others = new Map(this.tabs);
    others.delete(this.tabId);
    this.post({ kind: 'event', event, cursor, to: recipients(event, others, this.userId) });
  }

  /** The stream opened with the last request is live: every hint it was built with is covered. */
  streamReady(): void {
    if (this.request && this.request.covered.length > 0) {
      this.confirm(this.request.covered);
    }
  }

  publishStatus(status: SharedStatus, force = false): void {
    if (!this.isLeader) {
      return;
    }
    const last = this.lastStatus;
    const same = last?.state === status.state && last.latencyMs === status.latencyMs && last.transport === status.transport;
    if (!same || force) {
      this.lastStatus = status;
      this.post({ kind: 'status', tab: this.tabId, status });
    }
  }

  /** The server refuses `channel`: only the tabs that asked for it hear so, and the stream goes on without it. */
  refuse(channel: string, status: number): void {
    this.refusedChannels.add(channel);
    const to = [...this.tabs].filter(([, wants]) => wants.channels.includes(channel)).map(([tab]) => tab);
    this.post({ kind: 'refused', channel, status, to });
    if (to.includes(this.tabId)) {
      this.hooks.refused(status);
    }
  }

  signedOut(): void {
    this.post({ kind: 'signed-out', tab: this.tabId });
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.post({ kind: 'bye', tab: this.tabId });
    this.closed = true;
    this.follow();
    this.closing.abort();
    this.releaseLeaderLock?.();
    this.releaseTabLock?.();
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    globalThis.removeEventListener?.('pageshow', this.onPageShow);
    this.link.port.onmessage = null;
    this.link.port.close();
    this.statuses.complete();
    this.forwards.complete();
  }

  private lead(): void {
    this.isLeader = true;
    this.covered.clear();
    this.lastStatus = null;
    this.post({ kind: 'leader', tab: this.tabId });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
  }

  private follow(): void {
    this.isLeader = false;
    this.request = null;
    clearInterval(this.sweeper);
    clearTimeout(this.departure);
  }

  private evaluate(): void {
    if (!this.request) {
      // No stream yet: the connection being opened builds its request from the wants as they are.
      return;
    }
    this.prune();
    const plan = planWants(this.tabs, this.refusedChannels, this.request.channels, this.hooks.streamCursor(), this.covered);
    if (plan.reconnect) {
      this.hooks.reconnect();
    } else if (plan.covered.length > 0) {
      this.confirm(plan.covered);
    }
  }

  private confirm(entries: readonly HintEntry[]): void {
    entries.forEach((entry) => this.covered.add(hintKey(entry)));
    // With the cursor: a tab that drops its hint must still know where its channel stands if it leads next.
    this.post({ kind: 'covered', entries: [...entries], cursor: this.hooks.streamCursor() });
    this.applyCovered(entries);
  }

  private applyCovered(entries: readonly HintEntry[]): void {
    for (const entry of entries) {
      if (entry.tab === this.tabId) {
        this.hooks.covered(entry.channel, entry.hint);
      }
    }
  }

  /** Forgets covered hints no tab sends any more, and refusals nobody asks about. */
  private prune(): void {
    const current = new Set<string>();
    const subscribed = new Set<string>();
    for (const [tab, wants] of this.tabs) {
      Object.entries(wants.hints).forEach(([channel, hint]) => current.add(hintKey({ tab, channel, hint })));
      wants.channels.forEach((channel) => subscribed.add(channel));
    }
    [...this.covered].filter((key) => !current.has(key)).forEach((key) => this.covered.delete(key));
    [...this.refusedChannels].filter((channel) => !subscribed.has(channel)).forEach((channel) => this.refusedChannels.delete(channel));
  }

  private depart(tab: string): void {
    if (!this.tabs.delete(tab)) {
      return;
    }
    this.heardAt.delete(tab);
    if (!this.isLeader) {
      return;
    }
    clearTimeout(this.departure);
    this.departure = setTimeout(() => {
      const union = new Set(unionOf(this.tabs, this.refusedChannels));
      // Its channels leave the stream as its own stream would have closed: presence on its board ends.
      if (this.isLeader && this.streamChannels.some((channel) => !union.has(channel))) {
        this.hooks.reconnect();
      }
    }, DEPARTURE_RECONNECT_MS);
  }

  private async sweep(): Promise<void> {
    const startedAt = Date.now();
    let held: Set<string>;
    try {
      const snapshot = await this.link.locks.query();
      held = new Set((snapshot.held ?? []).map((lock) => lock.name ?? ''));
    } catch {
      return;
    }
    for (const tab of [...this.tabs.keys()]) {
      if (tab !== this.tabId && (this.heardAt.get(tab) ?? 0) < startedAt && !held.has(tabLockName(this.userId, tab))) {
        this.depart(tab);
      }
    }
  }

  private introduce(): void {
    if (!this.announced || this.closed) {
      return;
    }
    this.post({ kind: 'hello', tab: this.tabId });
    this.post({ kind: 'wants', tab: this.tabId, wants: this.tabs.get(this.tabId) ?? { channels: [], streamed: [], hints: {} } });
  }

  private receive(message: StreamMessage): void {
    switch (message.kind) {
      case 'hello':
        this.heardAt.set(message.tab, Date.now());
        this.introduceTo();
        if (this.isLeader && this.lastStatus) {
          this.publishStatus(this.lastStatus, true);
        }
        return;
      case 'leader':
        // A new leader builds its stream from the wants it holds; make sure they are ours as of now.
        this.introduceTo();
        return;
      case 'wants':
        this.tabs.set(message.tab, message.wants);
        this.heardAt.set(message.tab, Date.now());
        if (this.isLeader) {
          this.evaluate();
        }
        return;
      case 'bye':
        this.depart(message.tab);
        return;
      case 'status':
        if (!this.isLeader) {
          this.statuses.next(message.status);
        }
        return;
      case 'event':
        this.forwards.next({ event: message.event, cursor: message.cursor, mine: message.to.includes(this.tabId) });
        return;
      case 'covered':
        this.hooks.cursorHeard(message.cursor);
        this.applyCovered(message.entries);
        return;
      case 'refused':
        if (message.to.includes(this.tabId)) {
          this.hooks.refused(message.status);
        }
        return;
      case 'signed-out':
        this.hooks.signedOutElsewhere();
        return;
    }
  }

  /** Our wants again, for a tab (or leader) that just arrived. */
  private introduceTo(): void {
    const own = this.tabs.get(this.tabId);
    if (this.announced && own) {
      this.post({ kind: 'wants', tab: this.tabId, wants: own });
    }
  }

  private post(message: StreamMessage): void {
    if (this.closed) {
      return;
    }
    try {
      this.link.port.postMessage(message);
    } catch {
      // A closed channel (the page is going away): nobody is left to tell.
    }
  }
}
