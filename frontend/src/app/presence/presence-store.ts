import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import type { AnyEventEnvelope } from '@contracts/events';
import type { PresentUser } from '@contracts/presence';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { lostChannel } from '../realtime/access-loss';
import { boardChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { PresenceApi } from './presence-api';

/** Without movement for this long a remote cursor starts to fade… */
export const CURSOR_IDLE_MS = 4_000;
/** …and is gone this much later (the CSS fade takes about as long). */
export const CURSOR_FADE_MS = 800;

export interface RemoteCursor {
  userId: string;
  x: number;
  y: number;
  /** No movement for a while: drawn fading out. */
  idle: boolean;
}

type PresenceEvent = Extract<AnyEventEnvelope, { type: 'presence.joined' | 'presence.left' | 'presence.updated' }>;

/**
 * Who is on one board right now and where their pointers are: a snapshot from
 * GET /api/boards/:id/presence, then presence.* and cursor.moved from the board's channel.
 * Provided by the board page, so it lives exactly as long as the page.
 */
@Injectable()
export class PresenceStore {
  private readonly api = inject(PresenceApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly announcer = inject(Announcer);

  private readonly present = signal<ReadonlyMap<string, PresentUser>>(new Map());
  private readonly pointers = signal<ReadonlyMap<string, RemoteCursor>>(new Map());
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private subscription = new Subscription();
  private currentBoard = '';
  /** Presence events that arrived while a snapshot was loading; applied on top of it, in order. */
  private pending: PresenceEvent[] | null = null;
  private generation = 0;

  /** Present users, longest-present first. */
  readonly users = computed(() => [...this.present().values()].sort((a, b) => a.since.localeCompare(b.since)));
  readonly byId = this.present.asReadonly();
  /** Other users' pointers (never our own). */
  readonly cursors = computed(() => [...this.pointers().values()]);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  get boardId(): string {
    return this.currentBoard;
  }

  /** Follows one board; the channel is subscribed before the snapshot is read, so nothing falls in between. */
  open(boardId: string): void {
    if (boardId === this.currentBoard) {
      return;
    }
    this.close();
    this.currentBoard = boardId;
    this.subscription.add(this.realtime.channel(boardChannel(boardId)).subscribe((event) => this.onEvent(event)));
    this.load();
  }

  close(): void {
    this.subscription.unsubscribe();
    this.subscription = new Subscription();
    this.currentBoard = '';
    this.pending = null;
    this.generation++;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.present.set(new Map());
    this.pointers.set(new Map());
  }

  private load(): void {
    const generation = ++this.generation;
    const boardId = this.currentBoard;
    this.pending ??= [];
    this.api.presence(boardId).subscribe({
      next: ({ users }) => {
        if (generation !== this.generation) {
          return;
        }
        this.present.set(new Map(users.map((user) => [user.userId, user])));
        this.drain();
      },
      // Not fatal: the list fills from events, and the next reset tries again.
      error: () => generation === this.generation && this.drain(),
    });
  }

  private drain(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    pending.forEach((event) => this.applyPresence(event));
  }

  private onEvent(event: AnyEventEnvelope): void {
    if (lostChannel(event, this.auth.user()?.id)?.channel === boardChannel(this.currentBoard)) {
      // We are no longer on this board: nobody here is ours to show.
      this.close();
      return;
    }
    switch (event.type) {
      case 'presence.joined':
      case 'presence.left':
      case 'presence.updated':
        if (this.pending) {
          this.pending.push(event);
        } else {
          this.applyPresence(event);
        }
        return;
      case 'cursor.moved':
        if (event.data.userId !== this.auth.user()?.id) {
          this.moveCursor(event.data.userId, event.data.x, event.data.y);
        }
        return;
      case 'board.member_removed':
        // Gone from the board at once; their stream's presence.left may follow or not.
        this.present.update((users) => without(users, event.data.userId));
        this.dropCursor(event.data.userId);
        return;
      case 'reset':
        // The board's history is gone, presence events with it: read who is here again.
        this.load();
        return;
      default:
        return;
    }
  }

  private applyPresence(event: PresenceEvent): void {
    switch (event.type) {
      case 'presence.joined':
        // A second tab of someone already here is no news; neither is our own arrival.
        if (!this.present().has(event.data.userId) && event.data.userId !== this.auth.user()?.id) {
          this.announcer.joined(event.data.displayName || event.data.username);
        }
        this.present.update((users) => new Map(users).set(event.data.userId, { ...event.data }));
        return;
      case 'presence.left': {
        const leaving = this.present().get(event.data.userId);
        if (leaving && leaving.userId !== this.auth.user()?.id) {
          this.announcer.left(leaving.displayName || leaving.username);
        }
        this.present.update((users) => without(users, event.data.userId));
        this.dropCursor(event.data.userId);
        return;
      }
      case 'presence.updated': {
        const user = this.present().get(event.data.userId);
        if (user && user.status !== event.data.status) {
          this.present.update((users) => new Map(users).set(user.userId, { ...user, status: event.data.status }));
        }
        return;
      }
    }
  }

  private moveCursor(userId: string, x: number, y: number): void {
    this.pointers.update((cursors) => new Map(cursors).set(userId, { userId, x, y, idle: false }));
    this.schedule(userId, CURSOR_IDLE_MS, () => {
      this.pointers.update((cursors) => {
        const cursor = cursors.get(userId);
        return cursor ? new Map(cursors).set(userId, { ...cursor, idle: true }) : cursors;
      });
      this.schedule(userId, CURSOR_FADE_MS, () => this.dropCursor(userId));
    });
  }

  private dropCursor(userId: string): void {
    clearTimeout(this.timers.get(userId));
    this.timers.delete(userId);
    if (this.pointers().has(userId)) {
      this.pointers.update((cursors) => without(cursors, userId));
    }
  }

  private schedule(userId: string, ms: number, run: () => void): void {
    clearTimeout(this.timers.get(userId));
    this.timers.set(userId, setTimeout(run, ms));
  }
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
