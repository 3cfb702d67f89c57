import { HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, LOCALE_ID, computed, effect, inject, signal, untracked } from '@angular/core';
import { type Observable, Subject, Subscription, catchError, defer, firstValueFrom, switchMap, throwError } from 'rxjs';

import { channelId, parseRoom, userChannel } from '@contracts/channels';
import type { RoomChannel } from '@contracts/channels';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '@contracts/attachments';
import { MAX_MESSAGE_LENGTH } from '@contracts/chat';
import type { PublicUser } from '@contracts/api';
import type { ChatMessage, MessagePage, PostMessageRequest } from '@contracts/chat';
import type { EncryptedContent } from '@contracts/encryption';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { newClientId } from '../core/client-id';
import { formatInteger } from '../i18n/format';
import { LastKnown, isUnreachable } from '../offline/last-known';
import { parseRetryAfter } from '../realtime/backoff';
import { RealtimeClient } from '../realtime/realtime-client';
import { Outbox } from '../offline/outbox';
import { ContentKeys } from '../encryption/content-keys';
import { type Opened, SealedMessages } from '../encryption/sealed-messages';
import { shownFromOutgoing, shownFromServer, type ShownAttachment } from './attachment-view';
import { ChatApi } from './chat-api';
import {
  CLOSED_CHAT,
  type ChatState,
  type LocalMessage,
  type OutgoingAttachment,
  ROOM_START,
  acceptMessage,
  catchUpSince,
  failedDiscarded,
  findLocal,
  firstPageLoaded,
  followedRoom,
  historyReplaced,
  localFailed,
  localKey,
  localReplaced,
  localSent,
  markerAdvanced,
  mergeMessages,
  messageDeleted,
  newestByOthers,
  newestPageLoaded,
  olderPageLoaded,
  openedRoom,
  outgoingAttachmentIds,
  reaches,
  streamSkipped,
  streamWentDown,
  unreadCount,
} from './chat-state';
import { isAfter } from './message-id';
import { TypingTracker, typingDuration } from './typing-tracker';

export type { ChatStatus } from './chat-state';

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
  /** The message's files, whether the server described them or its ciphertext did. */
  attachments: readonly ShownAttachment[];
  /**
   * Encrypted conversations: null once decrypted (or never encrypted); `opening` until the first
   * attempt to decrypt it ends (milliseconds, so "waiting" never flashes by); `waiting` while this
   * device lacks the message's key; `failed` when it can't be decrypted or its signature is wrong.
   */
  sealed: 'opening' | 'waiting' | 'failed' | null;
}

/** Typing notices go out at most this often (the server coalesces to the same rate). */
export const TYPING_INTERVAL_MS = 2_000;
/** Messages per room kept on this browser for a start without network. */
export const STORED_MESSAGES = 50;
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
  private readonly locale = inject(LOCALE_ID);
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;
  private readonly lastKnown = inject(LastKnown);
  private readonly stored = signal(false);
  /** Messages the server could not take yet; absent where the app config does not provide it (unit tests). */
  private readonly outbox = inject(Outbox, { optional: true });
  private readonly sealed = inject(SealedMessages);
  private readonly contentKeys = inject(ContentKeys);
  /** The participants of an end-to-end encrypted conversation (for key wraps and mentions); null for plaintext rooms. */
  private encryptedFor: readonly PublicUser[] | null = null;

  private readonly state = signal<ChatState>(CLOSED_CHAT);
  /** Memoised views, so an unchanged message keeps its entry object (and its DOM) across updates. */
  private readonly views = new WeakMap<object, ChatEntry>();
  private readonly typers = new TypingTracker();
  private subscriptions = new Subscription();
  // What this tab last told the server, so it is not told again: I/O bookkeeping, never shown.
  private lastTypingSent = 0;
  private readSent: string | null = null;

  // Sliced with reference equality: consumers recompute only when their part changes.
  private readonly confirmed = computed(() => this.state().confirmed);
  private readonly local = computed(() => this.state().local);
  private readonly marker = computed(() => this.state().marker);

  /** The room shown (`board:<id>` or `conversation:<id>`), null before one is opened. */
  readonly room = computed(() => this.state().room);
  /** Messages shown from this browser's stored copy: the server could not be reached. */
  readonly fromCache = this.stored.asReadonly();
  readonly status = computed(() => this.state().status);
  readonly loadError = computed(() => this.state().loadError);
  readonly hasOlder = computed(() => this.state().olderCursor !== null);
  readonly loadingOlder = computed(() => this.state().loadingOlder);
  /** User ids of the others typing right now (expiring by themselves). */
  readonly typing = this.typers.userIds;
  readonly me = computed(() => this.auth.user()?.id ?? '');
  private readonly arrived = new Subject<ChatMessage>();
  /** Messages by others as they arrive live (not loaded history, never our own echoes): for the live region. */
  readonly arrivals: Observable<ChatMessage> = this.arrived.asObservable();

  /** Oldest first; our unsent messages last, in the order they were written. */
  readonly entries = computed<readonly ChatEntry[]>(() => [
    ...this.confirmed().map((message) => {
      if (!message.encrypted) {
        return this.view(message, () => fromMessage(message));
      }
      const opened = this.sealed.opened(message);
      return this.view(opened ?? message, () => fromSealed(message, opened));
    }),
    ...this.local().map((message) => this.view(message, () => fromLocal(message, this.me()))),
  ]);

  /** Messages deleted while the room was open (for a conversation list's last-message preview). */
  readonly deleted = computed(() => this.state().deleted);

  /** The newest stored message (for conversation lists). */
  readonly latest = computed(() => this.confirmed().at(-1) ?? null);

  /** Messages by others after our read marker. */
  readonly unread = computed(() => unreadCount(this.confirmed(), this.marker(), this.me()));

  constructor() {
    // A stream that comes back (or opens with this room's channel for the first time) may
    // have missed messages the cursor cannot bring back (a channel new to the stream starts
    // live): read the newest page again once it is live; duplicates are dropped by id.
    effect(() => {
      const live = this.realtime.state() === 'live';
      untracked(() => {
        const state = this.state();
        if (!live) {
          this.state.set(streamWentDown(state));
        } else if (state.streamDown) {
          this.state.set({ ...state, streamDown: false });
          if (followedRoom(state)) {
            void this.catchUp();
          }
        }
      });
    });
    // Encrypted messages open outside the pure state: each once, the views follow their results.
    effect(() => {
      const confirmed = this.confirmed();
      untracked(() => this.sealed.open(confirmed));
    });
    // The newest messages changed: keep the stored copy current (at most once a second).
    effect(() => {
      const confirmed = this.confirmed();
      const status = this.status();
      const { room, olderCursor } = untracked(() => this.state());
      if (room && status === 'ready') {
        untracked(() => this.lastKnown.saveSoon(roomKey(room), () => storedPage(confirmed, olderCursor)));
      }
    });
    inject(DestroyRef).onDestroy(() => {
      const room = this.state().room;
      if (room) {
        this.lastKnown.flush(roomKey(room));
      }
      this.close();
    });
  }

  /**
   * Starts following a room (`board:<id>` or `conversation:<id>`); anything else is ignored.
   * `encryptedFor`: the participants of an end-to-end encrypted conversation; our messages are sealed for them.
   */
  open(roomId: string, options: { encryptedFor?: readonly PublicUser[] } = {}): void {
    const parsed = parseRoom(roomId);
    const room = parsed?.channel;
    if (!room) {
      return;
    }
    this.close();
    this.encryptedFor = options.encryptedFor ?? null;
    if (this.encryptedFor) {
      this.contentKeys.remember(
        parsed.id,
        this.encryptedFor.map((person) => person.id),
      );
      // A new device asks for the conversation's keys as soon as it opens it.
      void this.contentKeys.prepare(parsed.id).catch(() => undefined);
    }
    this.readSent = null;
    this.state.set(openedRoom(room, this.storedMarker(room), this.realtime.state() === 'live'));
    // Subscribe before reading history, so nothing published in between is lost.
    this.subscriptions.add(this.realtime.channel(room).subscribe((event) => this.applyEvent(room, event)));
    const me = this.me();
    if (me) {
      this.subscriptions.add(
        this.realtime.on(userChannel(me), 'chat.read').subscribe(({ data }) => {
          if (data.roomId === room) {
            this.advanceMarker(data.messageId);
            if (isAfter(data.messageId, this.readSent)) {
              this.readSent = data.messageId;
            }
          }
        }),
      );
    }
    void this.loadNewest();
    void this.restorePending(room);
  }

  /** Starts over after a failed load. */
  reload(): void {
    const room = this.state().room;
    if (room) {
      this.open(room, this.encryptedFor ? { encryptedFor: this.encryptedFor } : {});
    }
  }

  async loadOlder(): Promise<void> {
    const state = this.state();
    const before = state.olderCursor;
    const room = followedRoom(state);
    if (!before || !room || state.loadingOlder) {
      return;
    }
    this.state.update((current) => ({ ...current, loadingOlder: true }));
    try {
      const page = await firstValueFrom(this.api.page(room, before));
      if (this.follows(room)) {
        this.state.update((current) => olderPageLoaded(current, page));
      }
    } catch {
      // The list keeps what it has; scrolling up again retries.
    } finally {
      this.state.update((current) => ({ ...current, loadingOlder: false }));
    }
  }

  /** Shows the message at once and sends it (text, uploaded files or both); false when there is nothing to send. */
  send(text: string, attachments: readonly OutgoingAttachment[] = []): boolean {
    const content = text.trim();
    const room = followedRoom(this.state());
    const tooManyFiles = outgoingAttachmentIds(attachments).length > MAX_ATTACHMENTS_PER_MESSAGE;
    if ((!content && attachments.length === 0) || content.length > MAX_MESSAGE_LENGTH || tooManyFiles || !room) {
      return false;
    }
    const message: LocalMessage = {
      clientId: newClientId(),
      content,
      ...(attachments.length > 0 ? { attachments } : {}),
      createdAt: new Date().toISOString(),
      state: 'pending',
      error: null,
    };
    this.state.update((state) => localSent(state, message));
    this.post(room, message);
    return true;
  }

  /** Sends a failed message again, with the same clientId so a late echo of the first try still matches. */
  retry(key: string): void {
    const state = this.state();
    const message = findLocal(state, key);
    const room = followedRoom(state);
    if (!message || message.state !== 'failed' || !room) {
      return;
    }
    const again: LocalMessage = { ...message, state: 'pending', error: null };
    this.state.set(localReplaced(state, message.clientId, again));
    this.post(room, again);
  }

  /** Drops a failed message the user gave up on. */
  discard(key: string): void {
    this.state.update((state) => failedDiscarded(state, key));
  }

  /**
   * Deletes one of our messages on the server; every tab drops it on the event, this one at
   * once. Resolves to the reason in words when it could not be deleted, null otherwise.
   */
  async deleteMessage(messageId: string): Promise<string | null> {
    const room = followedRoom(this.state());
    if (!room) {
      return null;
    }
    try {
      await firstValueFrom(this.api.deleteMessage(room, messageId), { defaultValue: undefined });
    } catch (error) {
      // Already gone (another tab, or its board's owner): what the user wanted.
      if (!(error instanceof HttpErrorResponse && error.status === 404)) {
        return errorMessages(error)[0];
      }
    }
    if (this.follows(room)) {
      this.state.update((state) => messageDeleted(state, messageId));
    }
    return null;
  }

  /** The user is typing: tell the room, at most every 2 s. */
  notifyTyping(): void {
    const now = Date.now();
    const room = followedRoom(this.state());
    if (!room || now - this.lastTypingSent < TYPING_INTERVAL_MS) {
      return;
    }
    this.lastTypingSent = now;
    this.api.typing(room).subscribe({ error: () => undefined });
  }

  /**
   * Everything up to the newest message is on screen: move the read marker there. The
   * server hears of it once per newer message by others (our own never count as unread).
   */
  markRead(): void {
    const confirmed = this.confirmed();
    const newest = confirmed.at(-1);
    const room = followedRoom(this.state());
    if (!newest || !room) {
      return;
    }
    this.advanceMarker(newest.id);
    const byOthers = newestByOthers(confirmed, this.me());
    if (byOthers && isAfter(byOthers.id, this.readSent)) {
      const previous = this.readSent;
      this.readSent = newest.id;
      this.api.read(room, newest.id).subscribe({ error: () => (this.readSent = previous) });
    }
  }

  // ---- the server's side -----------------------------------------------------------------

  private applyEvent(room: RoomChannel, event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'chat.message':
        if (event.data.message.roomId === room) {
          const message = event.data.message;
          const fresh = message.userId !== this.me() && !this.confirmed().some((known) => known.id === message.id);
          this.typers.hide(message.userId);
          this.state.update((state) => acceptMessage(state, message));
          if (fresh) {
            this.arrived.next(message);
          }
        }
        return;
      case 'chat.message_deleted':
        if (event.data.roomId === room) {
          this.state.update((state) => messageDeleted(state, event.data.messageId));
        }
        return;
      case 'chat.typing':
        if (event.data.roomId === room && event.data.userId !== this.me()) {
          this.typers.show(event.data.userId, typingDuration(event.data.until, event.timestamp));
        }
        return;
      case 'reset':
        // The stream goes on live from here: what came between is only in the room's history.
        this.state.update(streamSkipped);
        void this.catchUp();
        return;
      default:
        return;
    }
  }

  private async loadNewest(): Promise<void> {
    const room = followedRoom(this.state());
    if (!room) {
      return;
    }
    try {
      const page = await firstValueFrom(this.api.page(room));
      if (!this.follows(room)) {
        return;
      }
      this.state.update((state) => newestPageLoaded(state, page));
      // First visit of this room on this browser: what is already there counts as read
      // (`0-0`, before every id, marks an empty room as visited).
      if (this.marker() === null) {
        this.advanceMarker(this.confirmed().at(-1)?.id ?? ROOM_START);
      }
      this.state.update((state) => ({ ...state, status: 'ready' }));
    } catch (error) {
      if (!this.follows(room)) {
        return;
      }
      if (isUnreachable(error) && (await this.showStored(room))) {
        return;
      }
      if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) {
        // A channel we may not read would make the server refuse the tab's whole stream.
        this.close();
        void this.lastKnown.forget(roomKey(room));
      }
      this.state.update((state) => ({ ...state, status: 'error', loadError: loadErrorMessage(error) }));
    }
  }

  /** The stored newest messages stand in until the stream is back and catching up reads the real ones. */
  private async showStored(room: RoomChannel): Promise<boolean> {
    const page = await this.lastKnown.read<MessagePage>(roomKey(room));
    if (!page || !this.follows(room)) {
      return false;
    }
    this.state.update((state) => ({ ...newestPageLoaded(state, page), status: 'ready' }));
    this.markStored(true);
    return true;
  }

  private markStored(stored: boolean): void {
    this.stored.set(stored);
    const room = this.state().room;
    if (room) {
      this.lastKnown.markStale(roomKey(room), stored);
    }
  }

  /**
   * Reads newest pages until they reach back to what we held when the gap began. When they
   * do not within a few pages, what we hold has a hole: keep the new pages and let
   * scrolling up load the rest again.
   */
  private async catchUp(): Promise<void> {
    const state = this.state();
    const room = followedRoom(state);
    // A gap that began before the first page was read ends where that page did.
    const since = catchUpSince(state);
    if (!room || state.status === 'error') {
      return;
    }
    try {
      const pages: MessagePage[] = [];
      let before: string | undefined;
      for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
        const page = await firstValueFrom(this.api.page(room, before));
        if (!this.follows(room)) {
          return;
        }
        pages.push(page);
        // No history was held when this began (`since` null): the newest page is all there is to
        // catch up, even when the first page landed meanwhile; reading on would walk the whole room.
        if (since === null || !this.state().historyLoaded || reaches(page, since)) {
          break;
        }
        before = page.nextBefore ?? undefined;
      }
      const last = pages.at(-1)!;
      const historyLoaded = this.state().historyLoaded;
      if (historyLoaded && since !== null && !reaches(last, since) && last.nextBefore !== null) {
        const nextBefore = last.nextBefore;
        this.state.update((current) =>
          historyReplaced(
            current,
            pages.flatMap((page) => page.messages),
            nextBefore,
          ),
        );
        this.markStored(false);
        return;
      }
      this.state.update((current) => {
        let next = current;
        for (const page of pages) {
          next = mergeMessages(next, page.messages);
        }
        return historyLoaded ? next : { ...firstPageLoaded(next, pages[0], last.nextBefore), status: 'ready' };
      });
      this.markStored(false);
    } catch {
      // The stream keeps delivering; the next reconnect tries again.
    }
  }

  // ---- sending ---------------------------------------------------------------------------

  /** Our messages still in the outbox (written before a reload, or in another tab): shown pending until it sends them. */
  private async restorePending(room: RoomChannel): Promise<void> {
    const records = (await this.outbox?.queuedIn(room)) ?? [];
    for (const record of records) {
      const body = record.body as { content?: unknown; encrypted?: EncryptedContent } | null;
      // Encrypted conversations keep only the ciphertext in the outbox: open it again to show it.
      const content =
        body?.encrypted && record.kind === 'chat.message'
          ? (await this.sealed.reopen(channelId(room), this.me(), body.encrypted))?.text
          : body?.content;
      const state = this.state();
      const known = (clientId: string): boolean =>
        state.local.some((local) => local.clientId === clientId) || state.confirmed.some((stored) => stored.clientId === clientId);
      if (!this.follows(room) || record.kind !== 'chat.message' || typeof content !== 'string' || known(record.key)) {
        continue;
      }
      const message: LocalMessage = {
        clientId: record.key,
        content,
        createdAt: new Date(record.createdAt).toISOString(),
        state: 'pending',
        error: null,
      };
      this.state.update((current) => localSent(current, message));
      this.track(room, message, this.outbox!.attach<ChatMessage>(record.key));
    }
  }

  private post(room: RoomChannel, message: LocalMessage): void {
    const members = this.encryptedFor;
    if (!members) {
      const attachmentIds = outgoingAttachmentIds(message.attachments ?? []);
      const files = attachmentIds.length > 0 ? { attachmentIds } : {};
      this.track(room, message, this.api.post(room, { content: message.content, ...files, clientId: message.clientId }));
      return;
    }
    const conversationId = channelId(room);
    const sealedPost = (): Observable<ChatMessage> =>
      defer(() => this.sealedRequest(conversationId, message, members)).pipe(
        // The server's own answers (409, offline, …) keep their meaning; anything else failed here.
        catchError((error: unknown) => throwError(() => (error instanceof HttpErrorResponse ? error : new SealFailed()))),
        switchMap((body) => this.api.post(room, body)),
      );
    // Sent under a key that was replaced meanwhile: make or read the new one and send again, once.
    const answer = sealedPost().pipe(
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 409) {
          this.contentKeys.stale(conversationId);
          return sealedPost();
        }
        return throwError(() => error);
      }),
    );
    this.track(room, message, answer);
  }

  /** Never carries `content`: the text, files and keys travel inside the ciphertext only. */
  private async sealedRequest(conversationId: string, message: LocalMessage, members: readonly PublicUser[]): Promise<PostMessageRequest> {
    const outgoing = message.attachments ?? [];
    const refs = outgoing.flatMap(({ ref }) => (ref ? [ref] : []));
    const { encrypted, mentions } = await this.sealed.seal(conversationId, message.content, refs, members);
    return {
      encrypted,
      mentions,
      clientId: message.clientId,
      ...(outgoing.length ? { attachmentIds: outgoingAttachmentIds(outgoing) } : {}),
    };
  }

  private track(room: RoomChannel, message: LocalMessage, answer: Observable<ChatMessage>): void {
    answer.subscribe({
      next: (stored) => {
        if (this.follows(room)) {
          this.state.update((state) => acceptMessage(state, stored));
        }
      },
      error: (error: unknown) => {
        // Nothing changes when it is gone already: its echo arrived although the answer failed.
        if (this.follows(room)) {
          this.state.update((state) => localFailed(state, message.clientId, sendErrorMessage(error, this.locale)));
        }
      },
    });
  }

  private follows(room: RoomChannel): boolean {
    return followedRoom(this.state()) === room;
  }

  // ---- read marker -----------------------------------------------------------------------

  private advanceMarker(messageId: string): void {
    const state = this.state();
    const next = markerAdvanced(state, messageId);
    if (next === state || !state.room) {
      return;
    }
    this.state.set(next);
    try {
      this.storage?.setItem(this.markerKey(state.room), messageId);
    } catch {
      // Storage full or blocked: the marker still holds for this page.
    }
  }

  /**
   * The server keeps read markers but only reports them as conversation unread counts, so
   * each browser also remembers where the user read up to, per user and room.
   */
  private storedMarker(room: RoomChannel): string | null {
    try {
      return this.storage?.getItem(this.markerKey(room)) ?? null;
    } catch {
      return null;
    }
  }

  private markerKey(room: RoomChannel): string {
    return `cb.chat.read:${this.me()}:${room}`;
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
    this.markStored(false);
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.typers.clear();
    this.state.update((state) => ({ ...state, following: false }));
  }
}

function roomKey(room: RoomChannel): string {
  return `chat:${room}`;
}

/** The newest messages as the server's newest page would list them (newest first). */
function storedPage(confirmed: readonly ChatMessage[], olderCursor: string | null): MessagePage {
  const kept = confirmed.slice(-STORED_MESSAGES);
  const more = confirmed.length > kept.length || olderCursor !== null;
  return { messages: [...kept].reverse(), nextBefore: more ? (kept[0]?.id ?? null) : null };
}

function fromMessage(message: ChatMessage): ChatEntry {
  return {
    key: message.id,
    id: message.id,
    clientId: message.clientId ?? null,
    userId: message.userId,
    content: message.content ?? '',
    createdAt: message.createdAt,
    state: 'sent',
    error: null,
    attachments: (message.attachments ?? []).map(shownFromServer),
    sealed: null,
  };
}

function fromSealed(message: ChatMessage, opened: Opened | undefined): ChatEntry {
  return {
    ...fromMessage(message),
    content: opened?.state === 'open' ? opened.text : '',
    attachments: opened?.state === 'open' ? opened.attachments : [],
    sealed: opened === undefined ? 'opening' : opened.state === 'open' ? null : opened.state,
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
    attachments: (message.attachments ?? []).map(shownFromOutgoing),
    sealed: null,
  };
}

/** A message could not be encrypted (no device yet, no key could be made). */
class SealFailed extends Error {}

function sendErrorMessage(error: unknown, locale: string): string {
  if (error instanceof SealFailed) {
    return $localize`:@@chat.send.notEncrypted:It could not be encrypted. Retry in a moment.`;
  }
  if (error instanceof HttpErrorResponse && error.status === 429) {
    const waitMs = parseRetryAfter(error.headers.get('retry-after'));
    if (waitMs === undefined) {
      return $localize`:@@chat.send.tooFast:Sending too fast. Wait a moment, then retry.`;
    }
    const seconds = formatInteger(Math.max(1, Math.ceil(waitMs / 1000)), locale);
    return $localize`:@@chat.send.tooFastFor:Sending too fast. Retry in ${seconds}:seconds: s.`;
  }
  return errorMessages(error)[0];
}

function loadErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) {
    return $localize`:@@chat.load.forbidden:You cannot read this chat any more.`;
  }
  return errorMessages(error)[0];
}
