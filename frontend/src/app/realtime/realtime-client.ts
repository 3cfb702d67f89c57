import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, effect, inject, signal, untracked } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  NEVER,
  Observable,
  Subject,
  type Subscriber,
  type Subscription,
  catchError,
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
import { ChannelCheck } from './shared-tabs/channel-check';
import { DeliveryGate } from './shared-tabs/delivery-gate';
import { type TabWants, carries } from './shared-tabs/routing';
import { TabGroup } from './shared-tabs/tab-group';
import { type SharedStatus, TAB_LINK_FACTORY, type TabLinkFactory } from './shared-tabs/tab-link';
import { DeliveredPositions } from './transport/delivered-positions';
import { EventTransport } from './transport/event-transport';
import { HeldBackMemory } from './transport/held-back-memory';
import type { SseFrame } from './transport/fetch-sse';
import { pollEnvelopes } from './transport/long-poll';
import { SessionRevokedError, StreamHeldBackError } from './transport/transport-errors';
import {
  DEFAULT_HEARTBEAT_MS,
  TRANSPORT_TIMING,
  type Transport,
  WATCHDOG_HEARTBEATS,
  answerFailure,
  retryAfterOf,
} from './transport/transport-policy';
import { StreamWatchdog } from './transport/watchdog';

export type { Transport } from './transport/transport-policy';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The channels and resume cursor a connection is opened with. */
export interface StreamRequest {
  readonly channels: readonly string[];
  readonly cursor: string;
}

/** One event of the stream, narrowed to the given types. */
export type StreamEvent<T extends EventType = EventType> = Extract<AnyEventEnvelope, { type: T }>;

export const PING_INTERVAL_MS = 15_000;
const MAX_PENDING_PINGS = 8;
/** After a revoked stream, how long to wait before the second look at the session cookie. */
export const REVOCATION_RECHECK_MS = 1_000;
/** Revocations closer together than this are no token rotation (that happens once per token): back off. */
const REVOCATION_STREAK_MS = 60_000;
/** A signed-out tab keeps the shared stream's lock this long: the other tabs' session checks take two round trips and REVOCATION_RECHECK_MS. */
const SIGN_OUT_GRACE_MS = REVOCATION_RECHECK_MS * 3;

/**
 * The tab's one connection for events: a Server-Sent Events stream read with fetch, or long
 * polls where a proxy holds streams back. Stores ask for channels; the connection carries the
 * union of them plus the user's own channel, resumes from the last id after every kind of
 * interruption and every switch of transport, and exposes its health as signals.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly transports = inject(EventTransport);
  private readonly timing = inject(TRANSPORT_TIMING);
  private readonly heldBack = inject(HeldBackMemory);
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
  private readonly currentTransport = signal<Transport>(this.startingTransport());
  /** 'poll' once a proxy was seen holding the stream back, until a stream gets through again. */
  readonly transport = this.currentTransport.asReadonly();

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
  /** Failed attempts since the last connection that got going: the backoff's step. */
  private failures = 0;
  /** The reconnection delay the server last asked for (SSE `retry:`). */
  private retryHintMs: number | undefined;
  /**
   * Until when a refusal's Retry-After asked us to stay away (an overloaded pod spreads its
   * refused clients over the next seconds): no connection starts sooner, whatever asks for one.
   */
  private serverHoldUntil = 0;
  /** While polling: when to try the stream again (at once after a start that polls from memory). */
  private streamRetryAt = 0;
  private readonly delivered = new DeliveredPositions();
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
          tap((event) => tabs.forward(event, this.cursor)),
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
          this.currentTransport.set(status.transport);
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
    return { state: this.currentState(), latencyMs: this.currentLatency(), transport: this.currentTransport() };
  }

  private connection(): Observable<AnyEventEnvelope> {
    this.failures = 0;
    // Without a session a connection could only be refused; the next login starts one.
    return defer(() => (this.auth.isAuthenticated() ? this.whenServerAllows() : EMPTY)).pipe(
      retry({ delay: (error: unknown) => this.afterFailure(error, ++this.failures) }),
    );
  }

  // A new channel or a snapshot's resume wants a connection at once; a server that said Retry-After still gets its wait.
  private whenServerAllows(): Observable<AnyEventEnvelope> {
    const holdMs = this.serverHoldUntil - Date.now();
    return holdMs > 0 ? timer(holdMs).pipe(switchMap(() => this.open())) : this.open();
  }

  private open(): Observable<AnyEventEnvelope> {
    return this.currentTransport() === 'poll' ? this.polling() : this.streaming({ background: false });
  }

  /**
   * The request of a new connection. The snapshots' cursors it carries are where their
   * stores want events from, so events after them are let through again.
   */
  private startRequest(): { request: StreamRequest; hintsSent: ReadonlyMap<string, string> } {
    const hintsSent = new Map(this.hints);
    const request = this.streamRequest();
    // Leading shared tabs: another tab's snapshot may need events this connection already passed
    // on; each tab's own gate keeps them from reaching it twice.
    for (const cursor of this.tabs?.leading ? [request.cursor] : hintsSent.values()) {
      this.delivered.rewind(cursor);
    }
    return { request, hintsSent };
  }

  /**
   * One stream. In the background (tried while polling) it leaves the badge alone: its first
   * event tells the caller that streams get through again.
   */
  private streaming({ background }: { background: boolean }): Observable<AnyEventEnvelope> {
    return new Observable<AnyEventEnvelope>((subscriber) => {
      const { request, hintsSent } = this.startRequest();
      if (!background) {
        this.currentState.set(this.retrying ? 'reconnecting' : 'connecting');
      }
      let heartbeatMs = DEFAULT_HEARTBEAT_MS;
      let pinger: ReturnType<typeof setInterval> | undefined;
      const watchdog = new StreamWatchdog((error) => subscriber.error(error));
      const silence = (): number => heartbeatMs * WATCHDOG_HEARTBEATS;

      const receive = (frame: SseFrame): void => {
        switch (frame.kind) {
          case 'open':
            // Headers, not yet a byte of the stream: the silence counts from here.
            watchdog.arm(silence());
            return;
          case 'retry':
            this.retryHintMs = frame.ms;
            watchdog.heard(silence());
            return;
          case 'comment':
            watchdog.heard(silence());
            return;
          case 'event':
            break;
        }
        if (frame.id) {
          this.cursor = frame.id;
        }
        const event = parseEnvelope(frame.data);
        if (event?.type === 'stream.ready') {
          heartbeatMs = event.data.heartbeatMs > 0 ? event.data.heartbeatMs : DEFAULT_HEARTBEAT_MS;
          this.becameLive(hintsSent);
          clearInterval(pinger);
          pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
        }
        watchdog.heard(silence());
        if (event) {
          this.deliver(event, subscriber);
        }
      };

      watchdog.arm(silence());
      const frames = this.transports.stream(request).subscribe({
        next: receive,
        error: (error: unknown) => subscriber.error(error),
      });
      return () => {
        watchdog.stop();
        clearInterval(pinger);
        frames.unsubscribe();
      };
    });
  }

  /**
   * Long polls, while a proxy holds streams back. Every few minutes a stream is tried beside
   * them; once its first event arrives it takes over (the delivered ids drop what both carried).
   */
  private polling(): Observable<AnyEventEnvelope> {
    return new Observable<AnyEventEnvelope>((subscriber) => {
      let polls: Subscription | undefined = this.pollLoop().subscribe({
        next: (event) => subscriber.next(event),
        error: (error: unknown) => subscriber.error(error),
      });
      let trial: Subscription | undefined;
      let nextTrial: ReturnType<typeof setTimeout> | undefined;
      const scheduleTrial = (): void => {
        nextTrial = setTimeout(tryStream, Math.max(0, this.streamRetryAt - Date.now()));
      };
      const tryStream = (): void => {
        trial = this.streaming({ background: true }).subscribe({
          next: (event) => {
            if (polls) {
              polls.unsubscribe();
              polls = undefined;
              this.currentTransport.set('stream');
              this.heldBack.forget();
            }
            subscriber.next(event);
          },
          error: (error: unknown) => {
            if (!polls) {
              subscriber.error(error);
              return;
            }
            // Still held back (or refused): the polls carry on, the stream waits for the next round.
            if (error instanceof StreamHeldBackError) {
              this.heldBack.remember();
            }
            this.streamRetryAt = Date.now() + Math.max(this.timing.streamRetryMs, retryAfterOf(error));
            scheduleTrial();
          },
        });
      };
      scheduleTrial();
      return () => {
        clearTimeout(nextTrial);
        polls?.unsubscribe();
        trial?.unsubscribe();
      };
    });
  }

  /** Poll after poll, each from the cursor the last one answered. */
  private pollLoop(): Observable<AnyEventEnvelope> {
    return new Observable<AnyEventEnvelope>((subscriber) => {
      const { request, hintsSent } = this.startRequest();
      this.currentState.set(this.retrying ? 'reconnecting' : 'connecting');
      let cursor = request.cursor;
      let pinger: ReturnType<typeof setInterval> | undefined;
      let current: Subscription | undefined;
      let pause: ReturnType<typeof setTimeout> | undefined;
      let retryMs: number | undefined;
      // The first poll answers at once, so the badge need not wait a whole poll to say live.
      const poll = (waitSeconds: number): void => {
        current = this.transports.poll({ channels: request.channels, cursor }, waitSeconds).subscribe({
          next: (answer) => {
            if (pinger === undefined) {
              // Where the connection started, as a stream's ready event would say: the tabs' hints are in it.
              this.cursor = request.cursor;
              this.becameLive(hintsSent);
              pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
            }
            for (const event of pollEnvelopes(answer)) {
              this.deliver(event, subscriber);
              if (subscriber.closed) {
                // The rest comes again from the old cursor; what was delivered is dropped then.
                return;
              }
            }
            cursor = answer.cursor;
            this.cursor = answer.cursor;
            retryMs = answer.retryMs;
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (subscriber.closed) {
              return;
            }
            // A pod shutting down spreads its pollers over the other pods.
            if (retryMs) {
              pause = setTimeout(() => poll(this.timing.pollWaitSeconds), retryMs);
            } else {
              poll(this.timing.pollWaitSeconds);
            }
          },
        });
      };
      poll(0);
      return () => {
        clearInterval(pinger);
        clearTimeout(pause);
        current?.unsubscribe();
      };
    });
  }

  /** Hands one event of either transport to the stores, reacting to the connection's own events. */
  private deliver(event: AnyEventEnvelope, subscriber: Subscriber<AnyEventEnvelope>): void {
    if (event.type === 'stream.closing' && event.data.reason === 'session_revoked') {
      subscriber.error(new SessionRevokedError());
      return;
    }
    if (!this.delivered.admit(event)) {
      return;
    }
    if (event.type === 'reset') {
      // A new epoch: the channel's ids start over.
      this.delivered.forget(event.data.channels);
    } else if (event.type === 'session.expiring' || (event.type === 'stream.closing' && event.data.reason === 'session_expired')) {
      void this.renewSession();
    } else if (event.type === 'pong') {
      this.measure(event.data.clientTime);
    }
    this.dropLost(event);
    subscriber.next(event);
  }

  private becameLive(hintsSent: ReadonlyMap<string, string>): void {
    // From now on the connection's own cursor carries these channels' positions.
    for (const [channel, hint] of hintsSent) {
      if (this.hints.get(channel) === hint) {
        this.hints.delete(channel);
      }
    }
    this.failures = 0;
    this.retrying = false;
    this.currentState.set('live');
    this.ping();
    // Stream or poll: the tabs whose snapshots this connection started from drop their hints.
    if (this.tabs?.leading) {
      this.tabs.streamReady();
      this.announce();
    }
  }

  private afterFailure(error: unknown, attempt: number): Observable<unknown> {
    this.retrying = true;
    this.currentState.set('reconnecting');
    this.currentLatency.set(null);
    const answer = answerFailure(error, attempt, this.retryHintMs);
    this.holdFor(retryAfterOf(error));
    switch (answer.kind) {
      case 'check-session':
        return this.afterRevocation(this.revocationDelay());
      case 'renew-session':
        return this.afterUnauthorized(answer.delayMs);
      case 'try-polling':
        return this.fallBackToPolling(answer.delayMs);
      case 'stop':
        // The server asked us not to come back; a new channel or the network returning asks again.
        this.currentState.set('offline');
        return EMPTY;
      case 'retry':
        if (answer.refused) {
          this.refusals.next(answer.refused);
        }
        return timer(answer.delayMs);
    }
  }

  /**
   * Not a byte came through the stream. If a poll (answered at once) gets
   * through, something on the way holds streams back: poll from now on. If it does not, the
   * network is down: reconnecting, and the stream again after the backoff.
   */
  private fallBackToPolling(delayMs: number): Observable<unknown> {
    return this.transports.poll(this.streamRequest(), 0).pipe(
      map(() => {
        this.currentTransport.set('poll');
        this.heldBack.remember();
        this.streamRetryAt = Date.now() + this.timing.streamRetryMs;
        return true;
      }),
      catchError((error: unknown) => {
        this.holdFor(retryAfterOf(error));
        return timer(Math.max(delayMs, retryAfterOf(error)));
      }),
    );
  }

  private holdFor(ms: number): void {
    if (ms > 0) {
      this.serverHoldUntil = Math.max(this.serverHoldUntil, Date.now() + ms);
    }
  }

  /**
   * 401: the token expired under us (a sleeping laptop, a missed refresh) or another tab
   * rotated it. Renew it and carry on from the cursor; the session ends only if the server
   * no longer takes the cookie.
   */
  private afterUnauthorized(delayMs: number): Observable<unknown> {
    if (this.auth.signingOut() || !this.auth.isAuthenticated()) {
      return EMPTY;
    }
    return from(this.auth.refresh()).pipe(
      // A refused refresh may already have ended the session (the HTTP error interceptor).
      switchMap(() => (this.auth.isAuthenticated() ? from(this.auth.verify()) : of(undefined))),
      switchMap((signedIn) => {
        if (!this.auth.isAuthenticated()) {
          return EMPTY;
        }
        if (signedIn === false) {
          this.endSession();
          return EMPTY;
        }
        // Undefined: the server could not be asked; try again like any failure.
        return timer(signedIn ? delayMs : Math.max(delayMs, backoffDelay(0)));
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
    this.retryHintMs = undefined;
    this.currentTransport.set(this.startingTransport());
    this.streamRetryAt = 0;
    this.delivered.clear();
    this.currentState.set('connecting');
    this.currentLatency.set(null);
  }

  // Streams held back lately on this browser: poll from the start, with a stream tried beside at once.
  private startingTransport(): Transport {
    return this.heldBack.recent() ? 'poll' : 'stream';
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
