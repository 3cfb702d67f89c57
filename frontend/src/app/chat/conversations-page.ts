import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import type { ChatMessage, Conversation } from '@contracts/chat';

import { AuthStore } from '../auth/auth-store';
import { CallHistory } from '../calls/call-history';
import { errorMessages } from '../core/api-error';
import { FormErrors } from '../core/form-errors';
import { EncryptionBadge } from '../encryption/encryption-badge';
import { formatInteger, formatList } from '../i18n/format';
import { SealedMessages } from '../encryption/sealed-messages';
import { shortStamp } from './chat-day';
import { conversationTitle, others, parseUsernames, personName } from './conversation-names';
import { ConversationsStore } from './conversations-store';

const USERNAME = /^[a-z0-9_.-]{3,32}$/;
const MAX_PEOPLE = 19;

/** /conversations: my conversations (live), starting one, the open one beside the list, and recent calls. */
@Component({
  selector: 'cb-conversations-page',
  imports: [RouterLink, RouterLinkActive, RouterOutlet, FormErrors, CallHistory, EncryptionBadge],
  templateUrl: './conversations-page.html',
  styleUrl: './conversations-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsPage {
  protected readonly store = inject(ConversationsStore);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly sealed = inject(SealedMessages);
  private readonly locale = inject(LOCALE_ID);

  /** `?calls=history` (a missed-call notification) opens the call history. */
  readonly calls = input<string | undefined>(undefined);

  protected readonly usernames = signal('');
  protected readonly starting = signal(false);
  protected readonly errors = signal<string[]>([]);
  /** A conversation is open in the outlet (phones then show only it). */
  protected readonly hasOpen = signal(false);
  protected readonly skeletons = [1, 2, 3];
  private readonly meId = computed(() => this.auth.user()?.id ?? '');

  constructor() {
    // Events keep the list current; a fresh read per visit also corrects anything missed while away.
    void this.store.load();
    // Encrypted last messages are opened here, for the previews.
    effect(() => {
      const last = this.store.conversations().flatMap((conversation) => (conversation.lastMessage ? [conversation.lastMessage] : []));
      untracked(() => this.sealed.open(last));
    });
  }

  protected async start(event: Event): Promise<void> {
    event.preventDefault();
    if (this.starting()) {
      return;
    }
    const names = parseUsernames(this.usernames());
    const invalid = names.filter((name) => !USERNAME.test(name));
    if (names.length === 0) {
      this.errors.set([$localize`:@@chat.conversations.noUsername:Enter the username of the person to write to.`]);
      return;
    }
    if (invalid.length > 0) {
      const names = formatList(invalid, this.locale);
      this.errors.set([
        $localize`:@@chat.conversations.invalidUsername:Not a username: ${names}:names:. Usernames are 3 to 32 characters of a-z, 0-9, _ . -`,
      ]);
      return;
    }
    if (names.length > MAX_PEOPLE) {
      const max = formatInteger(MAX_PEOPLE + 1, this.locale);
      this.errors.set([$localize`:@@chat.conversations.tooMany:A conversation has at most ${max}:max: people.`]);
      return;
    }
    this.starting.set(true);
    this.errors.set([]);
    try {
      const conversation = await this.store.start(names);
      this.usernames.set('');
      await this.router.navigate(['/conversations', conversation.id]);
    } catch (error) {
      this.errors.set(errorMessages(error));
    } finally {
      this.starting.set(false);
    }
  }

  protected edit(value: string): void {
    this.usernames.set(value);
    this.errors.set([]);
  }

  protected title(conversation: Conversation): string {
    return conversationTitle(conversation, this.meId(), this.locale);
  }

  protected initial(conversation: Conversation): string {
    const [first] = others(conversation, this.meId());
    return first ? personName(first).charAt(0).toUpperCase() : '·';
  }

  protected group(conversation: Conversation): boolean {
    return others(conversation, this.meId()).length > 1;
  }

  protected preview(conversation: Conversation): string {
    const last = conversation.lastMessage;
    if (!last) {
      return $localize`:@@chat.conversations.noMessages:No messages yet`;
    }
    const text = this.text(last);
    if (last.userId === this.meId()) {
      return $localize`:@@chat.conversations.previewMine:You: ${text}:text:`;
    }
    const author = conversation.participants.find((participant) => participant.id === last.userId);
    return this.group(conversation) && author
      ? $localize`:@@chat.conversations.previewAuthor:${personName(author)}:author:: ${text}:text:`
      : text;
  }

  /** An encrypted message's text once this device opened it; what it shows meanwhile otherwise. */
  private text(message: ChatMessage): string {
    if (!message.encrypted) {
      return message.content ?? '';
    }
    const opened = this.sealed.opened(message);
    switch (opened?.state) {
      case 'open':
        return opened.text || (opened.attachments.length ? $localize`:@@chat.conversations.attachment:Attachment` : '');
      case 'failed':
        return $localize`:@@chat.conversations.undecryptable:Message can’t be decrypted`;
      default:
        return $localize`:@@chat.conversations.encrypted:Encrypted message`;
    }
  }

  protected stamp(conversation: Conversation): string {
    return shortStamp(conversation.lastMessage?.createdAt ?? conversation.createdAt, this.locale);
  }

  protected unreadLabel(count: number): string {
    return count > 99 ? `${this.count(99)}+` : this.count(count);
  }

  protected unreadAria(count: number): string {
    return $localize`:@@chat.conversations.unread:${this.count(count)}:count: unread`;
  }

  protected count(value: number): string {
    return formatInteger(value, this.locale);
  }
}
