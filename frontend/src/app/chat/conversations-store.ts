import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { ChatMessage, Conversation } from '@contracts/chat';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { LastKnown, isUnreachable } from '../offline/last-known';
import { userChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { ChatApi } from './chat-api';
import { isAfter } from './message-id';

export type ConversationsStatus = 'idle' | 'loading' | 'ready' | 'error';

const CONVERSATION_ROOM = 'conversation:';
const CONVERSATIONS_KEY = 'conversations';

/**
 * The user's conversations with their last message and unread count, kept current by
 * the user channel (created, activity, read markers from any tab). Provided by the app
 * shell: the header's badge and the conversations page share it for the whole session.
 */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly list = signal<readonly Conversation[]>([]);
  private readonly currentStatus = signal<ConversationsStatus>('idle');
  private readonly currentError = signal<string | null>(null);
  /** Started while the list was loading: the answer may predate them. */
  private readonly startedMeanwhile = new Set<string>();
  private readonly lastKnown = inject(LastKnown);
  private readonly realtime = inject(RealtimeClient);
  private readonly stored = signal(false);

  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  /** Most recent activity first. */
  readonly conversations = computed(() => [...this.list()].sort((a, b) => activity(b).localeCompare(activity(a))));
  /** Shown from this browser's stored copy: the server could not be reached. */
  readonly fromCache = this.stored.asReadonly();
  readonly totalUnread = computed(() => this.list().reduce((sum, conversation) => sum + conversation.unreadCount, 0));

  constructor() {
    effect(() => {
      const conversations = this.list();
      if (this.currentStatus() === 'ready') {
        untracked(() => this.lastKnown.saveSoon(CONVERSATIONS_KEY, () => conversations));
      }
    });
    effect(() => {
      if (this.stored() && this.realtime.state() === 'live') {
        untracked(() => void this.load());
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.lastKnown.flush(CONVERSATIONS_KEY);
      this.lastKnown.markStale(CONVERSATIONS_KEY, false);
    });
    const user = this.auth.user();
    if (user) {
      const subscription = this.realtime
        .on(userChannel(user.id), 'conversation.created', 'conversation.activity', 'chat.read', 'reset')
        .subscribe((event) => this.onEvent(event));
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  async load(): Promise<void> {
    if (this.list().length === 0) {
      this.currentStatus.set('loading');
    }
    this.currentError.set(null);
    this.startedMeanwhile.clear();
    try {
      const conversations = await firstValueFrom(this.api.conversations());
      const missing = this.list().filter(
        (known) => this.startedMeanwhile.has(known.id) && !conversations.some((loaded) => loaded.id === known.id),
      );
      this.list.set([...conversations, ...missing]);
      this.currentStatus.set('ready');
      this.markStored(false);
    } catch (error) {
      const stored = isUnreachable(error) ? await this.lastKnown.read<Conversation[]>(CONVERSATIONS_KEY) : undefined;
      if (stored) {
        this.list.update((shown) => [...stored.filter((known) => !shown.some((conversation) => conversation.id === known.id)), ...shown]);
        this.currentStatus.set('ready');
        this.markStored(true);
        return;
      }
      this.currentError.set(errorMessages(error)[0]);
      this.currentStatus.set('error');
    }
  }

  private markStored(stored: boolean): void {
    this.stored.set(stored);
    this.lastKnown.markStale(CONVERSATIONS_KEY, stored);
  }

  /** Loads the list unless it is loaded or loading. */
  ensureLoaded(): void {
    if (this.currentStatus() === 'idle' || this.currentStatus() === 'error') {
      void this.load();
    }
  }

  /** Rejects with the server's error (unknown usernames, …); the caller shows it. */
  async start(usernames: string[]): Promise<Conversation> {
    const conversation = await firstValueFrom(this.api.startConversation(usernames));
    this.upsert(conversation);
    return conversation;
  }

  find(id: string): Conversation | undefined {
    return this.list().find((conversation) => conversation.id === id);
  }

  /** Reads one conversation (participants, exact unread count) into the list. */
  async fetch(id: string): Promise<Conversation> {
    const conversation = await firstValueFrom(this.api.conversation(id));
    this.upsert(conversation);
    return conversation;
  }

  /**
   * A message shown in an open conversation, ours included (the server tells only the
   * others about it): it becomes the list's last message. Unread counts are left to read markers.
   */
  touch(conversationId: string, message: ChatMessage): void {
    this.update(conversationId, (conversation) =>
      isAfter(message.id, conversation.lastMessage?.id) ? { ...conversation, lastMessage: message } : conversation,
    );
  }

  private onEvent(event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'conversation.created':
        if (!this.find(event.data.conversation.id)) {
          this.upsert(event.data.conversation);
        }
        return;
      case 'conversation.activity':
        return this.onActivity(event.data.conversationId, event.data.message);
      case 'chat.read':
        return this.onRead(event.data.roomId, event.data.messageId);
      case 'reset':
        void this.load();
        return;
      default:
        return;
    }
  }

  private onActivity(conversationId: string, message: ChatMessage): void {
    if (!this.find(conversationId)) {
      // Started before this list was loaded, or its creation event was missed.
      void this.fetch(conversationId).catch(() => undefined);
      return;
    }
    const me = this.auth.user()?.id;
    // Only news moves the count: a replayed or already shown message is not counted twice.
    this.update(conversationId, (conversation) =>
      isAfter(message.id, conversation.lastMessage?.id)
        ? { ...conversation, lastMessage: message, unreadCount: conversation.unreadCount + (message.userId === me ? 0 : 1) }
        : conversation,
    );
  }

  private onRead(roomId: string, messageId: string): void {
    if (!roomId.startsWith(CONVERSATION_ROOM)) {
      return;
    }
    const id = roomId.slice(CONVERSATION_ROOM.length);
    const conversation = this.find(id);
    if (!conversation || conversation.unreadCount === 0) {
      return;
    }
    if (!conversation.lastMessage || !isAfter(conversation.lastMessage.id, messageId)) {
      this.update(id, (known) => ({ ...known, unreadCount: 0 }));
    } else {
      // Read up to somewhere in the middle: only the server can count what is left.
      void this.fetch(id).catch(() => undefined);
    }
  }

  private upsert(conversation: Conversation): void {
    if (this.currentStatus() === 'loading') {
      this.startedMeanwhile.add(conversation.id);
    }
    this.list.update((list) =>
      list.some((known) => known.id === conversation.id)
        ? list.map((known) => (known.id === conversation.id ? conversation : known))
        : [...list, conversation],
    );
  }

  private update(id: string, change: (conversation: Conversation) => Conversation): void {
    this.list.update((list) => list.map((conversation) => (conversation.id === id ? change(conversation) : conversation)));
  }
}

function activity(conversation: Conversation): string {
  return conversation.lastMessage?.createdAt ?? conversation.createdAt;
}
