import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { boardChannel } from '@contracts/channels';
import type { AnyEventEnvelope } from '@contracts/events';
import type { Viewport } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { type Throttled, throttle } from '../board/throttle';
import { RealtimeClient } from '../realtime/realtime-client';
import { NOT_FOLLOWING, type FollowAction, nextFollow } from './follow-state';
import { ViewportApi } from './viewport-api';
import { type ScrollView, centreOf, clampZoom, fitZoom, sameViewport, scrollToCentre, zoomAround } from './viewport-math';

/** Followers get our view about seven times a second: smooth enough, and under the server's 10/s. */
export const VIEWPORT_SEND_INTERVAL_MS = 150;

/** The board canvas, as the store drives it. */
export interface ViewportHost {
  /** The scroll container now. */
  view(): ScrollView;
  /** Shows the board at this zoom and these scroll offsets, at once (no waiting for change detection). */
  apply(zoom: number, scroll: { left: number; top: number }): void;
}

/**
 * The board's zoom and follow mode: tells the others where we look, follows a member's view (picked
 * from the presence bar, or because they brought everyone to them) and stops when we pan or zoom
 * ourselves, press Esc, or the leader leaves. Provided by the board page.
 */
@Injectable()
export class ViewportStore {
  private readonly api = inject(ViewportApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);

  private readonly state = signal(NOT_FOLLOWING);
  private readonly zoomLevel = signal(1);
  private host: ViewportHost | undefined;
  private boardId = '';
  private subscription = new Subscription();
  /** The latest view of each member who sent one, so following starts where the leader is. */
  private readonly views = new Map<string, Viewport>();
  private lastSent: Viewport | undefined;
  private readonly sender: Throttled<[Viewport]> = throttle((viewport: Viewport) => this.send(viewport), VIEWPORT_SEND_INTERVAL_MS);

  readonly zoom = this.zoomLevel.asReadonly();
  readonly leaderId = computed(() => this.state().leaderId);
  readonly summoned = computed(() => this.state().summoned);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  open(boardId: string): void {
    if (boardId === this.boardId) {
      return;
    }
    this.close();
    this.boardId = boardId;
    this.subscription.add(this.realtime.channel(boardChannel(boardId)).subscribe((event) => this.onEvent(event)));
  }

  attach(host: ViewportHost): void {
    this.host = host;
  }

  detach(host: ViewportHost): void {
    if (this.host === host) {
      this.host = undefined;
    }
  }

  /** The view changed (scroll, zoom, a resize): tell the others, throttled. */
  changed(): void {
    if (this.host && this.boardId) {
      this.sender.call(centreOf(this.host.view(), this.zoomLevel()));
    }
  }

  /** Our own zoom, around a point of the view (its centre when none is given). Stops following. */
  zoomTo(zoom: number, around?: { x: number; y: number }): void {
    const host = this.host;
    if (!host) {
      return;
    }
    this.stop();
    const view = host.view();
    const next = clampZoom(zoom);
    const scroll = zoomAround(view, this.zoomLevel(), next, around?.x ?? view.width / 2, around?.y ?? view.height / 2);
    this.show(next, scroll);
  }

  fit(): void {
    const host = this.host;
    if (host) {
      const view = host.view();
      this.zoomTo(fitZoom(view.width, view.height));
    }
  }

  follow(userId: string): void {
    this.dispatch({ type: 'follow', userId, me: this.auth.user()?.id });
  }

  stop(): void {
    this.dispatch({ type: 'stop' });
  }

  /** "Bring everyone to me": the others start following us. */
  summon(): void {
    const host = this.host;
    if (!host || !this.boardId) {
      return;
    }
    this.stop();
    this.api.summon(this.boardId, centreOf(host.view(), this.zoomLevel())).subscribe({ error: () => undefined });
  }

  close(): void {
    this.subscription.unsubscribe();
    this.subscription = new Subscription();
    this.sender.cancel();
    this.boardId = '';
    this.views.clear();
    this.lastSent = undefined;
    this.state.set(NOT_FOLLOWING);
  }

  private dispatch(action: FollowAction): void {
    const before = this.state();
    const after = nextFollow(before, action);
    this.state.set(after);
    const leader = after.leaderId;
    if (leader && leader !== before.leaderId) {
      const view = this.views.get(leader);
      if (view) {
        this.lookAt(view);
      }
    }
  }

  private onEvent(event: AnyEventEnvelope): void {
    const me = this.auth.user()?.id;
    switch (event.type) {
      case 'viewport.moved':
        if (event.data.userId !== me) {
          const { userId, x, y, zoom } = event.data;
          this.views.set(userId, { x, y, zoom });
          if (this.state().leaderId === userId) {
            this.lookAt({ x, y, zoom });
          }
        }
        return;
      case 'viewport.summoned': {
        const { userId, x, y, zoom } = event.data;
        this.views.set(userId, { x, y, zoom });
        this.dispatch({ type: 'summoned', userId, me });
        return;
      }
      case 'presence.joined':
        // A newcomer knows nobody's view yet, and views are never replayed: tell them ours.
        if (event.data.userId !== me) {
          this.lastSent = undefined;
          this.changed();
        }
        return;
      case 'presence.left':
      case 'board.member_removed':
        this.views.delete(event.data.userId);
        this.dispatch({ type: 'left', userId: event.data.userId });
        return;
      default:
        return;
    }
  }

  /** Follows: the leader's centre at the leader's zoom, on our screen. */
  private lookAt(viewport: Viewport): void {
    const host = this.host;
    if (host) {
      const view = host.view();
      this.show(clampZoom(viewport.zoom), scrollToCentre(viewport, view.width, view.height));
    }
  }

  private show(zoom: number, scroll: { left: number; top: number }): void {
    this.zoomLevel.set(zoom);
    this.host?.apply(zoom, scroll);
    this.changed();
  }

  private send(viewport: Viewport): void {
    if (!this.boardId || (this.lastSent && sameViewport(this.lastSent, viewport, 0))) {
      return;
    }
    this.lastSent = viewport;
    // Best effort: a lost view is replaced by the next one.
    this.api.move(this.boardId, viewport).subscribe({ error: () => undefined });
  }
}
