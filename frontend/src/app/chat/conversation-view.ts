import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';

import type { PublicUser } from '@contracts/api';
import { conversationChannel } from '@contracts/channels';
import type { Conversation } from '@contracts/chat';

import { AuthStore } from '../auth/auth-store';
import { CallButton } from '../calls/call-button';
import { errorMessages } from '../core/api-error';
import { EncryptionBadge } from '../encryption/encryption-badge';
import { formatList } from '../i18n/format';
import { KeyChangeBanner } from '../encryption/key-change-banner';
import { SafetyNumberDialog } from '../encryption/safety-number-dialog';
import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';
import { conversationTitle, others, personName } from './conversation-names';
import { ConversationsStore } from './conversations-store';

/** /conversations/:id — one conversation, with the same room view as a board's chat. */
@Component({
  selector: 'cb-conversation-view',
  imports: [RouterLink, ChatRoom, CallButton, EncryptionBadge, KeyChangeBanner, SafetyNumberDialog],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.css',
  providers: [ChatStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationView {
  protected readonly chat = inject(ChatStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly auth = inject(AuthStore);
  private readonly title = inject(Title);
  private readonly locale = inject(LOCALE_ID);

  /** Bound from the route's :id. */
  readonly id = input.required<string>();
  /** Bound from `?message=` (a mention's link). */
  readonly message = input<string | undefined>(undefined);

  protected readonly problem = signal<string | null>(null);
  protected readonly conversation = computed(() => this.conversations.find(this.id()));
  protected readonly participants = computed(() => this.conversation()?.participants ?? []);
  protected readonly heading = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationTitle(conversation, this.meId(), this.locale) : '';
  });
  protected readonly subtitle = computed(() => {
    const conversation = this.conversation();
    return conversation
      ? formatList(
          // Isolated, so an "@" stays before its name inside a right-to-left list.
          others(conversation, this.meId()).map((person) => `\u2068@${person.username}\u2069`),
          this.locale,
        )
      : '';
  });
  protected readonly initial = computed(() => {
    const conversation = this.conversation();
    const [first] = conversation ? others(conversation, this.meId()) : [];
    return first ? personName(first).charAt(0).toUpperCase() : '';
  });
  /** The other person of a one-to-one conversation: they can be called from the header. */
  protected readonly directPeer = computed(() => {
    const conversation = this.conversation();
    const people = conversation ? others(conversation, this.meId()) : [];
    return people.length === 1 ? people[0] : null;
  });
  private readonly meId = computed(() => this.auth.user()?.id ?? '');
  /** The others in an encrypted conversation: whose keys the user may want to check. */
  protected readonly contacts = computed(() => {
    const conversation = this.conversation();
    return conversation?.encrypted ? others(conversation, this.meId()) : [];
  });
  protected readonly safetyOpen = signal(false);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.open(id));
    });
    // Our own messages never come back as activity, so the list learns them from here.
    effect(() => {
      const latest = this.chat.latest();
      const id = untracked(() => this.id());
      if (latest && latest.roomId === conversationChannel(id)) {
        untracked(() => this.conversations.touch(id, latest));
      }
    });
    // The list's preview was deleted: only the server knows the message before it.
    effect(() => {
      const deleted = this.chat.deleted();
      const id = untracked(() => this.id());
      const preview = untracked(() => this.conversations.find(id)?.lastMessage);
      if (preview && deleted.has(preview.id)) {
        untracked(() => void this.conversations.fetch(id).catch(() => undefined));
      }
    });
    effect(() => {
      const heading = this.heading();
      if (heading) {
        this.title.setTitle(`${heading} · Corkboard`);
      }
    });
  }

  private async open(id: string): Promise<void> {
    this.problem.set(null);
    // Following adds conversation:<id> to the tab's stream, which the server refuses as a
    // whole for a channel we may not read: know that we are in it first.
    const known = this.conversations.find(id);
    if (known) {
      this.chat.open(conversationChannel(id), encryption(known));
      return;
    }
    try {
      const conversation = await this.conversations.fetch(id);
      if (this.id() === id) {
        this.chat.open(conversationChannel(id), encryption(conversation));
      }
    } catch (error) {
      if (this.id() === id) {
        this.problem.set(
          error instanceof HttpErrorResponse && (error.status === 404 || error.status === 403 || error.status === 400)
            ? $localize`:@@chat.conversation.notFound:This conversation does not exist, or you are not in it.`
            : errorMessages(error)[0],
        );
      }
    }
  }
}

function encryption(conversation: Conversation): { encryptedFor?: readonly PublicUser[] } {
  return conversation.encrypted ? { encryptedFor: conversation.participants } : {};
}
