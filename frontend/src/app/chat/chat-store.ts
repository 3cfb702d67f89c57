import { HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, firstValueFrom } from 'rxjs';

import { MAX_MESSAGE_LENGTH } from '@contracts/chat';
import type { ChatMessage, MessagePage } from '@contracts/chat';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { newClientId } from '../core/client-id';
import { parseRetryAfter } from '../realtime/backoff';
import { userChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { ChatApi } from './chat-api';
import { compareMessageIds, isAfter } from './message-id';
import { TypingTracker, typingDuration } from './typing-tracker';

export type ChatStatus = 'idle' | 'loading' | 'ready' | 'error';

/** One line of the room as shown: a stored message, or one of ours on its way (or stuck). */
export interface ChatEntry {
  /** Stable across the send: `local:<clientId>` until the server names it, then the id. */
  key: string;
  id: string | null;
  clientId: string | null;
  userId: string;
  content: string;
  createdAt: string;
  state: 'sent' | 'pending' | 'failed';
  /** Why a send failed, in words for the user. */
  error: string | null;
}

interface LocalMessage {
  clientId: string;
  content: string;
  createdAt: string;
  state: 'pending' | 'failed';
  error: string | null;
}

/** Typing notices go out at most this often (the server coalesces to the same rate). */
export const TYPING_INTERVAL_MS = 2_000;
/** A marker before every message id. */
const ROOM_START = '0-0';
/** Pages read back after a reconnect to find where the held history continues. */
const MAX_CATCH_UP_PAGES = 4;

/**
 * One chat room (a board's or a conversation's): history by pages, live messages from the
 * room's channel, optimistic sends matched by clientId, typing and read markers.
 * Provided by the component that shows the room, so it lives exactly as long as it.
 */
@Injectable()
export class ChatStore {
  private readonly api = inject(ChatApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;

  private readonly confirmed = signal<readonly ChatMessage[]>([]);
  private readonly local = signal<readonly LocalMessage[]>([]);
  private readonly known = new Set<string>();
  private readonly views = new WeakMap<object, ChatEntry>();
  private readonly currentStatus = signal<ChatStatus>('idle');
  private readonly currentError = signal<string | null>(null);
  private readonly olderCursor = signal<string | null>(null);
  private readonly loadingOlderPage = signal(false);
  private readonly marker = signal<string | null>(null);
  private readonly typers = new TypingTracker();
  private subscriptions = new Subscription();
  private roomId = '';
  /** Whether a page from the newest end has been applied since the room opened. */
  private historyLoaded = false;
  /** The stream was not live since we last caught up: messages may have been missed. */
  private streamDown = false;
  /**
   * The newest message held when the stream went down (`0-0` for an empty room, null when
   * nothing was loaded yet): catching up must reach back to it.
   */
  private gapAfter: string | null = null;
  /** The newest message of the first page read, for a gap that began before it. */
  private historyNewest: string | null = null;
  private lastTypingSent = 0;
  private readSent: string | null = null;

  private readonly currentRoom = signal('');
  /** The room followed: `board:<id>` or `conversation:<id>`. */
  readonly room = this.currentRoom.asReadonly();
  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  readonly hasOlder = computed(() => this.olderCursor() !== null);
  readonly loadingOlder = this.loadingOlderPage.asReadonly();
  /** User ids of the others typing right now (expiring by themselves). */
  readonly typing = this.typers.userIds;
  readonly me = computed(() => this.auth.user()?.id ?? '');

  /** Oldest first; our unsent messages last, in the order they were written. */
  readonly entries = computed<readonly ChatEntry[]>(() => [
    ...this.confirmed().map((message) => this.view(message, () => fromMessage(message))),
    ...this.local().map((message) => this.view(message, () => fromLocal(message, this.me()))),
  ]);

  /** The newest stored message (for conversation lists). */
  readonly latest = computed(() => this.confirmed().at(-1) ?? null);

  /** Messages by others after our read marker. */
  readonly unread = computed(() => {
    const marker = this.marker();
    const me = this.me();
    let count = 0;
    for (let i = this.confirmed().length - 1; i >= 0; i--) {
      const message = this.confirmed()[i];
      if (!isAfter(message.id, marker)) {
        break;
      }
      if (message.userId !== me) {
        count++;
      }
    }
    return count;
  });

  constructor() {
    // A stream that comes back (or opens with this room's channel for the first time) may
    // have missed messages the cursor cannot bring back (a channel new to the stream starts
    // live): read the newest page again once it is live; duplicates are dropped by id.
    effect(() => {
      const live = this.realtime.state() === 'live';
      untracked(() => {
        if (!live) {
          if (!this.streamDown) {
            this.gapAfter = this.heldNewest();
          }
          this.streamDown = true;
        } else if (this.streamDown) {
          this.streamDown = false;
          if (this.roomId) {
            void this.catchUp();
          }
        }
      });
    });
    inject(DestroyRef).onDestroy(() => this.close());
  }

  /** Starts following a room (`board:<id>` or `conversation:<id>`). */
  open(roomId: string): void {
    this.close();
    this.roomId = roomId;
    this.currentRoom.set(roomId);
    this.confirmed.set([]);
    this.local.set([]);
    this.known.clear();
    this.historyLoaded = false;
    this.olderCursor.set(null);
    this.readSent = null;
    this.marker.set(this.storedMarker());
    this.currentError.set(null);
    this.currentStatus.set('loading');
    // Subscribe before reading history, so nothing published in between is lost.
    this.subscriptions.add(this.realtime.channel(roomId).subscribe((event) => this.onEvent(event)));
    const me = this.me();
    if (me) {
      this.subscriptions.add(
        this.realtime.on(userChannel(me), 'chat.read').subscribe(({ data }) => {
          if (data.roomId === this.roomId) {
            this.advanceMarker(data.messageId);
            if (isAfter(data.messageId, this.readSent)) {
              this.readSent = data.messageId;
            }
          }
        }),
      );
    }
    this.streamDown = this.realtime.state() !== 'live';
    this.gapAfter = null;
    this.historyNewest = null;
    void this.loadNewest();
  }

  /** Starts over after a failed load. */
  reload(): void {
    const roomId = this.roomId || this.currentRoom();
    if (roomId) {
      this.open(roomId);
    }
  }

  async loadOlder(): Promise<void> {
    const before = this.olderCursor();
    const roomId = this.roomId;
    if (!before || this.loadingOlderPage()) {
      return;
    }
    this.loadingOlderPage.set(true);
    try {
      const page = await firstValueFrom(this.api.page(roomId, before));
      if (this.roomId === roomId) {
        this.merge(page.messages);
        this.olderCursor.set(page.nextBefore);
      }
    } catch {
      // The list keeps what it has; scrolling up again retries.
    } finally {
      this.loadingOlderPage.set(false);
    }
  }

  /** Shows the message at once and sends it; false when there is nothing to send. */
  send(text: string): boolean {
    const content = text.trim();
    if (!content || content.length > MAX_MESSAGE_LENGTH || !this.roomId) {
      return false;
    }
    const message: LocalMessage = { clientId: newClientId(), content, createdAt: new Date().toISOString(), state: 'pending', error: null };
    this.local.update((list) => [...list, message]);
    this.post(message);
    return true;
  }

  /** Sends a failed message again, with the same clientId so a late echo of the first try still matches. */
  retry(key: string): void {
    const message = this.local().find((candidate) => localKey(candidate.clientId) === key);
    if (!message || message.state !== 'failed') {
      return;
    }
    const again: LocalMessage = { ...message, state: 'pending', error: null };
    this.replaceLocal(message.clientId, again);
    this.post(again);
  }

  /** Drops a failed message the user gave up on. */
  discard(key: string): void {
    this.local.update((list) => list.filter((message) => localKey(message.clientId) !== key || message.state !== 'failed'));
  }

  /** The user is typing: tell the room, at most every 2 s. */
  notifyTyping(): void {
    const now = Date.now();
    if (!this.roomId || now - this.lastTypingSent < TYPING_INTERVAL_MS) {
      return;
    }
    this.lastTypingSent = now;
    this.api.typing(this.roomId).subscribe({ error: () => undefined });
  }

  /**
   * Everything up to the newest message is on screen: move the read marker there. The
   * server hears of it once per newer message by others (our own never count as unread).
   */
  markRead(): void {
    const confirmed = this.confirmed();
    const newest = confirmed.at(-1);
    if (!newest || !this.roomId) {
      return;
    }
    this.advanceMarker(newest.id);
    const me = this.me();
    let newestByOthers: ChatMessage | undefined;
    for (let i = confirmed.length - 1; i >= 0 && !newestByOthers; i--) {
      newestByOthers = confirmed[i].userId === me ? undefined : confirmed[i];
    }
    if (newestByOthers && isAfter(newestByOthers.id, this.readSent)) {
      const previous = this.readSent;
      this.readSent = newest.id;
      this.api.read(this.roomId, newest.id).subscribe({ error: () => (this.readSent = previous) });
    }
  }

  // ---- the server's side -----------------------------------------------------------------

  private onEvent(event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'chat.message':
        if (event.data.message.roomId === this.roomId) {
          this.typers.hide(event.data.message.userId);
          this.accept(event.data.message);
        }
        return;
      case 'chat.typing':
        if (event.data.roomId === this.roomId && event.data.userId !== this.me()) {
          this.typers.show(event.data.userId, typingDuration(event.data.until, event.timestamp));
        }
        return;
      case 'reset':
        // The stream goes on live from here: what came between is only in the room's history.
        this.gapAfter = this.heldNewest();
        void this.catchUp();
        return;
      default:
        return;
    }
  }

  /** A stored message, from the POST answer, the stream, or a page: shown once, in id order. */
  private accept(message: ChatMessage): void {
    if (message.clientId && this.local().some((local) => local.clientId === message.clientId)) {
      this.local.update((list) => list.filter((local) => local.clientId !== message.clientId));
    }
    this.merge([message]);
  }

  private merge(messages: readonly ChatMessage[]): void {
    const fresh = messages.filter((message) => !this.known.has(message.id));
    if (fresh.length === 0) {
      return;
    }
    for (const message of fresh) {
      this.known.add(message.id);
    }
    const current = this.confirmed();
    const last = current.at(-1);
    if (fresh.length === 1 && (!last || isAfter(fresh[0].id, last.id))) {
      this.confirmed.set([...current, fresh[0]]);
      return;
    }
    this.confirmed.set([...current, ...fresh].sort((a, b) => compareMessageIds(a.id, b.id)));
  }

  private async loadNewest(): Promise<void> {
    const roomId = this.roomId;
    try {
      const page = await firstValueFrom(this.api.page(roomId));
      if (this.roomId !== roomId) {
        return;
      }
      this.applyNewest(page);
      // First visit of this room on this browser: what is already there counts as read
      // (`0-0`, before every id, marks an empty room as visited).
      if (this.marker() === null) {
        this.advanceMarker(this.confirmed().at(-1)?.id ?? ROOM_START);
      }
      this.currentStatus.set('ready');
    } catch (error) {
      if (this.roomId !== roomId) {
        return;
      }
      if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) {
        // A channel we may not read would make the server refuse the tab's whole stream.
        this.close();
      }
      this.currentError.set(loadErrorMessage(error));
      this.currentStatus.set('error');
    }
  }

  /**
   * Reads newest pages until they reach back to what we held when the gap began. When they
   * do not within a few pages, what we hold has a hole: keep the new pages and let
   * scrolling up load the rest again.
   */
  private async catchUp(): Promise<void> {
    const roomId = this.roomId;
    // A gap that began before the first page was read ends where that page did.
    const since = this.gapAfter ?? this.historyNewest;
    if (!roomId || this.currentStatus() === 'error') {
      return;
    }
    try {
      const pages: MessagePage[] = [];
      let before: string | undefined;
      for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
        const page = await firstValueFrom(this.api.page(roomId, before));
        if (this.roomId !== roomId) {
          return;
        }
        pages.push(page);
        if (!this.historyLoaded || reaches(page, since)) {
          break;
        }
        before = page.nextBefore ?? undefined;
      }
      const last = pages.at(-1)!;
      if (this.historyLoaded && !reaches(last, since) && last.nextBefore !== null) {
        this.replaceHistory(
          pages.flatMap((page) => page.messages),
          last.nextBefore,
        );
        return;
      }
      for (const page of pages) {
        this.merge(page.messages);
      }
      if (!this.historyLoaded) {
        this.firstPage(pages[0], last.nextBefore);
        this.currentStatus.set('ready');
      }
    } catch {
      // The stream keeps delivering; the next reconnect tries again.
    }
  }

  private applyNewest(page: MessagePage): void {
    this.merge(page.messages);
    if (!this.historyLoaded) {
      this.firstPage(page, page.nextBefore);
    }
  }

  private firstPage(page: MessagePage, nextBefore: string | null): void {
    this.historyLoaded = true;
    this.historyNewest = page.messages[0]?.id ?? ROOM_START;
    this.olderCursor.set(nextBefore);
  }

  private heldNewest(): string | null {
    return this.confirmed().at(-1)?.id ?? (this.historyLoaded ? ROOM_START : null);
  }

  private replaceHistory(messages: readonly ChatMessage[], nextBefore: string): void {
    const newestOfPage = messages[0]?.id;
    const keptLive = this.confirmed().filter((message) => newestOfPage !== undefined && isAfter(message.id, newestOfPage));
    this.known.clear();
    this.confirmed.set([]);
    this.merge([...messages, ...keptLive]);
    this.olderCursor.set(nextBefore);
  }

  // ---- sending ---------------------------------------------------------------------------

  private post(message: LocalMessage): void {
    const roomId = this.roomId;
    this.api.post(roomId, { content: message.content, clientId: message.clientId }).subscribe({
      next: (stored) => {
        if (this.roomId === roomId) {
          this.accept(stored);
        }
      },
      error: (error: unknown) => {
        const current = this.local().find((local) => local.clientId === message.clientId);
        // Gone already: its echo arrived although the answer failed.
        if (current && this.roomId === roomId) {
          this.replaceLocal(message.clientId, { ...current, state: 'failed', error: sendErrorMessage(error) });
        }
      },
    });
  }

  private replaceLocal(clientId: string, next: LocalMessage): void {
    this.local.update((list) => list.map((message) => (message.clientId === clientId ? next : message)));
  }

  // ---- read marker -----------------------------------------------------------------------

  private advanceMarker(messageId: string): void {
    if (!isAfter(messageId, this.marker())) {
      return;
    }
    this.marker.set(messageId);
    try {
      this.storage?.setItem(this.markerKey(), messageId);
    } catch {
      // Storage full or blocked: the marker still holds for this page.
    }
  }

  /**
   * The server keeps read markers but only reports them as conversation unread counts, so
   * each browser also remembers where the user read up to, per user and room.
   */
  private storedMarker(): string | null {
    try {
      return this.storage?.getItem(this.markerKey()) ?? null;
    } catch {
      return null;
    }
  }

  private markerKey(): string {
    return `cb.chat.read:${this.me()}:${this.roomId}`;
  }

  private view<T extends object>(source: T, make: () => ChatEntry): ChatEntry {
    let entry = this.views.get(source);
    if (!entry) {
      entry = make();
      this.views.set(source, entry);
    }
    return entry;
  }

  private close(): void {
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.typers.clear();
    this.roomId = '';
  }
}

/** Does this page (newest first) reach back to `since`, or to the start of the room? */
function reaches(page: MessagePage, since: string | null): boolean {
  const oldest = page.messages.at(-1);
  return page.nextBefore === null || (since !== null && oldest !== undefined && !isAfter(oldest.id, since));
}

const localKey = (clientId: string): string => `local:${clientId}`;

function fromMessage(message: ChatMessage): ChatEntry {
  return {
    key: message.id,
    id: message.id,
    clientId: message.clientId ?? null,
    userId: message.userId,
    content: message.content,
    createdAt: message.createdAt,
    state: 'sent',
    error: null,
  };
}

function fromLocal(message: LocalMessage, me: string): ChatEntry {
  return {
    key: localKey(message.clientId),
    id: null,
    clientId: message.clientId,
    userId: me,
    content: message.content,
    createdAt: message.createdAt,
    state: message.state,
    error: message.error,
  };
}

function sendErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 429) {
    const waitMs = parseRetryAfter(error.headers.get('retry-after'));
    const seconds = waitMs === undefined ? undefined : Math.max(1, Math.ceil(waitMs / 1000));
    return seconds === undefined ? 'Sending too fast. Wait a moment, then retry.' : `Sending too fast. Retry in ${seconds} s.`;
  }
  return errorMessages(error)[0];
}

function loadErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) {
    return 'You cannot read this chat any more.';
  }
  return errorMessages(error)[0];
}
