import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, effect, inject, signal, untracked } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  NEVER,
  Observable,
  Subject,
  combineLatest,
  defer,
  distinctUntilChanged,
  exhaustMap,
  filter,
  finalize,
  from,
  fromEvent,
  ignoreElements,
  map,
  merge,
  of,
  retry,
  share,
  startWith,
  switchMap,
  tap,
  timer,
} from 'rxjs';

import { mergeCursors } from '@contracts/cursor';
import type { AnyEventEnvelope, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { sessionEnder } from '../core/session-end';
import { lostChannel } from './access-loss';
import { backoffDelay } from './backoff';
import { EVENT_SOURCE_CLOSED, EVENT_SOURCE_FACTORY } from './event-source';
import { STREAM_EVENT_TYPES } from './event-types';
import { ChannelCheck } from './shared-tabs/channel-check';
import { DeliveryGate } from './shared-tabs/delivery-gate';
import { type TabWants, carries } from './shared-tabs/routing';
import { TabGroup } from './shared-tabs/tab-group';
import { type SharedStatus, TAB_LINK_FACTORY, type TabLinkFactory } from './shared-tabs/tab-link';
import { StreamProbe } from './stream-probe';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The channels and resume cursor a connection is opened with. */
export interface StreamRequest {
  readonly channels: readonly string[];
  readonly cursor: string;
}

/** One event of the stream, narrowed to the given types. */
export type StreamEvent<T extends EventType = EventType> = Extract<AnyEventEnvelope, { type: T }>;

/** Used until stream.ready says the server's interval. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Silence for this many heartbeats means the stream is dead even if its socket looks open. */
export const WATCHDOG_HEARTBEATS = 2.5;
export const PING_INTERVAL_MS = 15_000;
const MAX_PENDING_PINGS = 8;
/** After a revoked stream, how long to wait before the second look at the session cookie. */
export const REVOCATION_RECHECK_MS = 1_000;
/** Revocations closer together than this are no token rotation (that happens once per token): back off. */
const REVOCATION_STREAK_MS = 60_000;
/** A signed-out tab keeps the shared stream's lock this long: the other tabs' session checks take two round trips and REVOCATION_RECHECK_MS. */
const SIGN_OUT_GRACE_MS = REVOCATION_RECHECK_MS * 3;

/** EventSource gave up (non-200 answer or a failed reconnect). */
class StreamClosed extends Error {
  constructor(readonly url: string) {
    super('event stream closed');
  }
}

/** The server ended the stream because its token was revoked (logout, log out everywhere, a rotated token). */
class SessionRevoked extends Error {
  constructor() {
    super('session revoked');
  }
}

class StreamStalled extends Error {
  constructor() {
    super('event stream silent for too long');
  }
}

/**
 * The tab's one Server-Sent Events stream. Stores ask for channels; the stream carries the
 * union of them plus the user's own channel, resumes from the last id after every kind of
 * interruption, and exposes its health as signals.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly createEventSource = inject(EVENT_SOURCE_FACTORY);
  private readonly probe = inject(StreamProbe);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly endSession = sessionEnder();
  private readonly window = inject(DOCUMENT).defaultView;
  /** Null where Web Locks or BroadcastChannel are missing: then each tab keeps its own stream. */
  private readonly openTabLink = inject(TAB_LINK_FACTORY);
  private readonly channelCheck = inject(ChannelCheck);

  private readonly currentState = signal<ConnectionState>('connecting');
  private readonly currentLatency = signal<number | null>(null);
  readonly state = this.currentState.asReadonly();
  /** Round trip of the last ping → pong, in ms; null until measured on the current stream. */
  readonly latencyMs = this.currentLatency.asReadonly();

  private readonly refusals = new Subject<number>();
  private readonly tabRefusals = new Subject<number>();
  /**
   * The stream was refused with 403/404: one of its channels can no longer be read (e.g. its
   * board is gone). A shared stream tells only the tabs that asked for the refused channel.
   */
  readonly refused$ = merge(this.refusals.pipe(filter(() => this.tabs === null)), this.tabRefusals);

  /** The last SSE id: one cursor holding the position of every channel of the stream. */
  private cursor = '';
  /** Channels wanted, with how many subscribers want each. */
  private readonly channels = new Map<string, number>();
  /**
   * Wanted channels the user lost access to: asking for one would get the whole stream
   * refused with 403, so they stay out of the stream until their last subscriber leaves.
   */
  private readonly revoked = new Set<string>();
  /** Snapshot cursors to merge into the next connection, per channel. */
  private readonly hints = new Map<string, string>();
  private readonly reconnects = new BehaviorSubject<void>(undefined);
  private readonly pendingPings = new Set<number>();
  /** Set after an unplanned interruption, so the header says "reconnecting" rather than "connecting". */
  private retrying = false;
  private lastRevocation = Number.NEGATIVE_INFINITY;
  private revocationStreak = 0;
  /** Set while this tab shares one stream with the user's other tabs (shared-tabs/). */
  private tabs: TabGroup | null = null;
  /** What this tab has delivered per channel: a shared stream may replay what it already has. */
  private readonly gate = new DeliveryGate();
  /** The user whose tabs share a stream; null for a stream of this tab's own. */
  private readonly sharingKeys = new Subject<string | null>();
  /** The last session's group, holding the stream lock a moment after signing out. */
  private signedOutTabs: TabGroup | null = null;

  private readonly events$: Observable<AnyEventEnvelope> = this.sharingKey().pipe(
    switchMap((userId) => (userId && this.openTabLink ? this.shared(this.openTabLink, userId) : this.ownStream())),
    finalize(() => this.idle()),
    share(),
  );

  constructor() {
    effect(() => {
      const status = this.connectionStatus();
      untracked(() => this.tabs?.publishStatus(status));
    });
    effect(() => {
      const userId = this.auth.user()?.id ?? null;
      untracked(() => this.userChanged(userId));
    });
  }

  /**
   * Every event of `name` (and each reset that names it) while subscribed. Subscribing adds
   * the channel to the stream; `cursorHint` (a snapshot's cursor) makes the stream resume
   * the channel from exactly that snapshot.
   */
  channel(name: string, cursorHint?: string): Observable<AnyEventEnvelope> {
    return new Observable<AnyEventEnvelope>((subscriber) => {
      this.join(name, cursorHint);
      const subscription = this.events$.pipe(filter((event) => this.belongsTo(event, name))).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.leave(name);
      };
    });
  }

  /** Events of some types on one channel, typed by the contracts' EventMap. */
  on<T extends EventType>(channel: string, ...types: T[]): Observable<StreamEvent<T>> {
    const wanted = new Set<EventType>(types);
    return this.channel(channel).pipe(filter((event): event is StreamEvent<T> => wanted.has(event.type)));
  }

  /** Restart `name` from `cursor` (a fresh snapshot's): reconnects now with it merged into the stream cursor. */
  resume(name: string, cursor: string): void {
    if (!this.channels.has(name)) {
      return;
    }
    this.hints.set(name, cursor);
    this.gate.seed(name, cursor);
    if (this.tabs) {
      // The leader reconnects only if its stream already went past this cursor.
      this.announce();
      return;
    }
    this.reconnects.next();
  }

  private join(name: string, cursorHint: string | undefined): void {
    const subscribers = this.channels.get(name) ?? 0;
    this.channels.set(name, subscribers + 1);
    if (cursorHint) {
      this.hints.set(name, cursorHint);
      this.gate.seed(name, cursorHint);
    }
    if (this.tabs) {
      this.announce();
      return;
    }
    // A new channel needs a new stream; the cursor carries every other channel across.
    if (subscribers === 0 || cursorHint) {
      this.reconnects.next();
    }
  }

  // No reconnect on leaving: the extra channel costs nothing and the next reconnect drops it,
  // so moving from one board to another reconnects once, not twice.
  private leave(name: string): void {
    const subscribers = (this.channels.get(name) ?? 1) - 1;
    if (subscribers > 0) {
      this.channels.set(name, subscribers);
      return;
    }
    this.channels.delete(name);
    this.hints.delete(name);
    this.revoked.delete(name);
    this.gate.forget(name);
    this.announce();
  }

  private belongsTo(event: AnyEventEnvelope, channel: string): boolean {
    // An access loss reaches the lost channel's subscribers whichever channel carried it.
    return carries(event, channel) || lostChannel(event, this.auth.user()?.id)?.channel === channel;
  }

  private dropLost(event: AnyEventEnvelope): void {
    const loss = lostChannel(event, this.auth.user()?.id);
    if (loss && this.channels.has(loss.channel) && !this.revoked.has(loss.channel)) {
      this.revoked.add(loss.channel);
      this.hints.delete(loss.channel);
      this.announce();
    }
  }

  // ---- one stream per browser, shared by the user's tabs (shared-tabs/) -------------------

  private ownStream(): Observable<AnyEventEnvelope> {
    return combineLatest([this.online(), this.reconnects]).pipe(switchMap(([online]) => (online ? this.connection() : this.offline())));
  }

  /** The user's tabs of this origin: switches to sharing on login and back to a tab's own stream on logout. */
  private sharingKey(): Observable<string | null> {
    return defer(() => this.sharingKeys.pipe(startWith(this.sharingUser(this.auth.user()?.id ?? null)))).pipe(distinctUntilChanged());
  }

  private sharingUser(userId: string | null): string | null {
    return this.openTabLink && userId ? userId : null;
  }

  private userChanged(userId: string | null): void {
    this.sharingKeys.next(this.sharingUser(userId));
  }

  private shared(openTabLink: TabLinkFactory, userId: string): Observable<AnyEventEnvelope> {
    return defer(() => {
      // Signed in again here: the lock held for the last session is ours to take at once.
      this.signedOutTabs?.close();
      this.signedOutTabs = null;
      const tabs = new TabGroup(openTabLink(userId), userId, {
        streamCursor: () => this.cursor,
        cursorHeard: (cursor) => (this.cursor = cursor || this.cursor),
        reconnect: () => this.reconnects.next(),
        covered: (channel, hint) => this.hintCovered(channel, hint),
        refused: (status) => this.tabRefusals.next(status),
        signedOutElsewhere: () => this.afterRevocation(0).subscribe(),
      });
      this.tabs = tabs;
      tabs.start(this.tabWants());
      return tabs.role$.pipe(
        switchMap((role) => (role === 'leader' ? this.lead(tabs) : this.follow(tabs))),
        finalize(() => {
          if (this.tabs === tabs) {
            this.tabs = null;
          }
          if (this.auth.user()?.id === userId) {
            tabs.close();
            return;
          }
          // This tab's session ended (logout, a refused token): the others check theirs, as their own
          // streams' revocation would have made them. The lock is kept meanwhile: a tab taking it now
          // would be refused with 401 and show the login page without saying the user was signed out.
          tabs.signedOut();
          this.signedOutTabs = tabs;
          setTimeout(() => tabs.close(), SIGN_OUT_GRACE_MS);
        }),
      );
    });
  }

  /** Runs the connection for every tab: this tab's events pass the gate, the others' go over the channel. */
  private lead(tabs: TabGroup): Observable<AnyEventEnvelope> {
    return defer(() => {
      tabs.publishStatus(this.connectionStatus(), true);
      return merge(
        this.ownStream().pipe(
          tap((event) => {
            tabs.forward(event, this.cursor);
            if (event.type === 'stream.ready') {
              tabs.streamReady();
              this.announce();
            }
          }),
          filter((event) => this.gate.admit(event, this.cursor)),
        ),
        this.refusals.pipe(
          exhaustMap(() => this.findRefused(tabs)),
          ignoreElements(),
        ),
      );
    });
  }

  /** Opens no stream: takes the leader's events for this tab's channels, and its connection state for the badge. */
  private follow(tabs: TabGroup): Observable<AnyEventEnvelope> {
    return merge(
      tabs.status$.pipe(
        tap((status) => {
          this.currentState.set(status.state);
          this.currentLatency.set(status.latencyMs);
        }),
        ignoreElements(),
      ),
      tabs.forwarded$.pipe(
        // Kept for a handover: a new leader resumes from the last cursor the old one passed on.
        tap(({ cursor }) => (this.cursor = cursor || this.cursor)),
        filter(({ event, cursor, mine }) => mine && this.gate.admit(event, cursor)),
        map(({ event }) => event),
        tap((event) => this.dropLost(event)),
      ),
    );
  }

  private findRefused(tabs: TabGroup): Observable<never> {
    return from(this.channelCheck.refusedAmong(tabs.streamChannels)).pipe(
      tap((refused) => {
        refused.forEach((status, channel) => tabs.refuse(channel, status));
        if (refused.size > 0 && tabs.leading) {
          this.reconnects.next();
        }
      }),
      ignoreElements(),
    );
  }

  private hintCovered(channel: string, hint: string): void {
    if (this.hints.get(channel) === hint) {
      this.hints.delete(channel);
      this.announce();
    }
  }

  private tabWants(): TabWants {
    const channels = [...this.channels.keys()];
    return { channels, streamed: channels.filter((channel) => !this.revoked.has(channel)), hints: Object.fromEntries(this.hints) };
  }

  private announce(): void {
    this.tabs?.setOwnWants(this.tabWants());
  }

  private connectionStatus(): SharedStatus {
    return { state: this.currentState(), latencyMs: this.currentLatency() };
  }

  private connection(): Observable<AnyEventEnvelope> {
    // Without a session a stream could only be refused; the next login starts one.
    return defer(() => (this.auth.isAuthenticated() ? this.open() : EMPTY)).pipe(
      retry({ delay: (error: unknown, attempt: number) => this.afterFailure(error, attempt), resetOnSuccess: true }),
    );
  }

  private open(): Observable<AnyEventEnvelope> {
    return new Observable<AnyEventEnvelope>((subscriber) => {
      const hintsSent = new Map(this.hints);
      const url = this.streamUrl();
      const source = this.createEventSource(url);
      this.currentState.set(this.retrying ? 'reconnecting' : 'connecting');
      let heartbeatMs = DEFAULT_HEARTBEAT_MS;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let pinger: ReturnType<typeof setInterval> | undefined;
      const rearm = (): void => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => subscriber.error(new StreamStalled()), heartbeatMs * WATCHDOG_HEARTBEATS);
      };

      const receive = (message: MessageEvent<string>): void => {
        if (message.lastEventId) {
          this.cursor = message.lastEventId;
        }
        const event = parseEnvelope(message.data);
        if (event?.type === 'stream.ready') {
          heartbeatMs = event.data.heartbeatMs > 0 ? event.data.heartbeatMs : DEFAULT_HEARTBEAT_MS;
          this.becameLive(hintsSent);
          clearInterval(pinger);
          pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
        }
        rearm();
        if (!event) {
          return;
        }
        if (event.type === 'stream.closing' && event.data.reason === 'session_revoked') {
          // Closed before the browser reconnects on its own with a cookie that may be dead.
          source.close();
          subscriber.error(new SessionRevoked());
          return;
        }
        if (event.type === 'session.expiring') {
          void this.renewSession();
        } else if (event.type === 'pong') {
          this.measure(event.data.clientTime);
        }
        this.dropLost(event);
        subscriber.next(event);
      };
      for (const type of STREAM_EVENT_TYPES) {
        source.addEventListener(type, receive);
      }

      source.onerror = () => {
        clearInterval(pinger);
        this.currentLatency.set(null);
        if (source.readyState === EVENT_SOURCE_CLOSED) {
          subscriber.error(new StreamClosed(url));
          return;
        }
        // The browser retries by itself, sending Last-Event-ID; the watchdog bounds how long.
        this.retrying = true;
        this.currentState.set('reconnecting');
      };
      rearm();

      return () => {
        clearTimeout(watchdog);
        clearInterval(pinger);
        source.close();
      };
    });
  }

  private becameLive(hintsSent: ReadonlyMap<string, string>): void {
    // From now on the stream's own ids carry these channels' positions.
    for (const [channel, hint] of hintsSent) {
      if (this.hints.get(channel) === hint) {
        this.hints.delete(channel);
      }
    }
    this.retrying = false;
    this.currentState.set('live');
    this.ping();
  }

  private afterFailure(error: unknown, attempt: number): Observable<unknown> {
    this.retrying = true;
    this.currentState.set('reconnecting');
    this.currentLatency.set(null);
    const delay = backoffDelay(attempt - 1);
    if (error instanceof SessionRevoked) {
      return this.afterRevocation(this.revocationDelay());
    }
    if (!(error instanceof StreamClosed)) {
      return timer(delay);
    }
    return from(this.probe.check(error.url)).pipe(
      switchMap(({ status, retryAfterMs }) => {
        if (status === 401) {
          this.endSession();
          return EMPTY;
        }
        if (status === 403 || status === 404) {
          this.refusals.next(status);
        }
        return timer(Math.max(delay, retryAfterMs ?? 0));
      }),
    );
  }

  /**
   * Our own logout ends the session anyway. Otherwise the browser's cookie decides: a refresh
   * in this or another tab rotated the token, so the cookie is good and we carry on from
   * the cursor; or the session is over (logout elsewhere, log out everywhere).
   */
  private afterRevocation(reconnectDelay: number): Observable<unknown> {
    if (this.auth.signingOut() || !this.auth.isAuthenticated()) {
      return EMPTY;
    }
    // A second look covers another tab's refresh whose new cookie was still on its way.
    const verify = (): Observable<boolean | undefined> => from(this.auth.verify());
    return verify().pipe(
      switchMap((signedIn) => (signedIn === false ? timer(REVOCATION_RECHECK_MS).pipe(switchMap(verify)) : of(signedIn))),
      switchMap((signedIn) => {
        if (signedIn === false && !this.auth.signingOut() && this.auth.isAuthenticated()) {
          this.endSession('signed_out');
          return EMPTY;
        }
        return signedIn === false ? EMPTY : timer(reconnectDelay);
      }),
    );
  }

  // A rotated token is picked up at once; a server that keeps revoking a cookie it accepts is not hammered.
  private revocationDelay(): number {
    const now = Date.now();
    this.revocationStreak = now - this.lastRevocation < REVOCATION_STREAK_MS ? this.revocationStreak + 1 : 0;
    this.lastRevocation = now;
    return this.revocationStreak === 0 ? 0 : backoffDelay(this.revocationStreak - 1);
  }

  private offline(): Observable<never> {
    return defer(() => {
      this.retrying = true;
      this.currentState.set('offline');
      this.currentLatency.set(null);
      return NEVER;
    });
  }

  // Nobody needs the stream any more (logged out): the next one starts afresh.
  private idle(): void {
    this.cursor = '';
    this.retrying = false;
    this.currentState.set('connecting');
    this.currentLatency.set(null);
  }

  private online(): Observable<boolean> {
    const win = this.window;
    if (!win) {
      return of(true);
    }
    return defer(() =>
      merge(fromEvent(win, 'online').pipe(map(() => true)), fromEvent(win, 'offline').pipe(map(() => false))).pipe(
        startWith(win.navigator.onLine),
        distinctUntilChanged(),
      ),
    );
  }

  private async renewSession(): Promise<void> {
    await this.auth.refresh();
    // The open stream stays bound to the old token's expiry; a new one picks up the renewed cookie.
    if (this.auth.isAuthenticated()) {
      this.reconnects.next();
    }
  }

  private ping(): void {
    const clientTime = Date.now();
    this.pendingPings.add(clientTime);
    if (this.pendingPings.size > MAX_PENDING_PINGS) {
      this.pendingPings.delete(this.pendingPings.values().next().value as number);
    }
    this.http.post<void>('/api/events/ping', { clientTime }).subscribe({ error: () => this.pendingPings.delete(clientTime) });
  }

  private measure(clientTime: number): void {
    // Every tab of this user hears every pong; only our own pings measure our round trip.
    if (this.pendingPings.delete(clientTime)) {
      this.currentLatency.set(Math.max(0, Date.now() - clientTime));
    }
  }

  /**
   * What the next connection asks for, whatever its transport: the wanted channels (lost ones
   * left out) and one cursor with every channel's position.
   */
  private streamRequest(): StreamRequest {
    if (this.tabs?.leading) {
      return this.tabs.buildRequest(this.cursor);
    }
    const channels = [...this.channels.keys()].filter((channel) => !this.revoked.has(channel));
    return { channels, cursor: mergeCursors(this.cursor, ...this.hints.values()) };
  }

  private streamUrl(): string {
    const { channels, cursor } = this.streamRequest();
    const params = new URLSearchParams();
    for (const channel of channels) {
      params.append('channel', channel);
    }
    if (cursor) {
      params.set('lastEventId', cursor);
    }
    const query = params.toString();
    return query ? `/api/events?${query}` : '/api/events';
  }
}

function parseEnvelope(data: string): AnyEventEnvelope | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { type?: unknown }).type === 'string'
      ? (parsed as AnyEventEnvelope)
      : undefined;
  } catch {
    return undefined;
  }
}
