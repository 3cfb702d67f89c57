import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  type ElementRef,
  Injector,
  LOCALE_ID,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import type { PublicUser } from '@contracts/api';
import { parseRoom } from '@contracts/channels';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { formatInteger } from '../i18n/format';
import { ChatComposer, type ComposedMessage } from './chat-composer';
import { ChatDrafts } from './chat-drafts';
import { dayKey, dayLabel, messageTime } from './chat-day';
import { type ChatEntry, ChatStore } from './chat-store';
import { ConversationsStore } from './conversations-store';
import { MessageAttachments } from './message-attachments';
import { MessageText } from './message-text';
import { typingLine } from './typing-tracker';

/** Consecutive messages of one author closer than this share one header. */
const GROUP_MS = 5 * 60_000;
/** Distance from the bottom that still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 32;
/** Older messages are fetched when the user scrolls this close to the top. */
const TOP_LOAD_PX = 160;

interface Row {
  entry: ChatEntry;
  mine: boolean;
  /** Same author as the row above, shortly after: no name, no avatar. */
  grouped: boolean;
  /** Set on a day's first message: the separator above it. */
  day: string | null;
}

/**
 * The message list, typing line and composer of the room in the ChatStore of the
 * surrounding component: used by the board's chat panel and by conversations alike.
 */
@Component({
  selector: 'cb-chat-room',
  imports: [ChatComposer, MessageAttachments, MessageText],
  templateUrl: './chat-room.html',
  styleUrl: './chat-room.css',
  host: {
    '(document:visibilitychange)': 'markReadIfSeen()',
    '(dragover)': 'dragOver($event)',
    '(dragleave)': 'dragLeave($event)',
    '(drop)': 'drop($event)',
    '[class.dropping]': 'dropping()',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatRoom {
  protected readonly store = inject(ChatStore);
  private readonly auth = inject(AuthStore);
  private readonly document = inject(DOCUMENT);
  private readonly drafts = inject(ChatDrafts);
  private readonly injector = inject(Injector);
  private readonly locale = inject(LOCALE_ID);
  private readonly announcer = inject(Announcer);
  /** Provided by the app shell; absent around a board's chat in unit tests. */
  private readonly conversations = inject(ConversationsStore, { optional: true });

  /** Who may be in the room: names, @mention suggestions and highlights. */
  readonly members = input<readonly PublicUser[]>([]);
  /** Scroll to this message and make it stand out (from a notification). */
  readonly focusMessage = input<string | null>(null);
  readonly emptyText = input($localize`:@@chat.room.empty:No messages yet. Say hello!`);
  /** Put the caret in the composer when the room opens. */
  readonly autofocus = input(false);

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly composer = viewChild.required(ChatComposer);

  protected readonly atBottom = signal(true);
  protected readonly flashed = signal<string | null>(null);
  /** Files are dragged over the room: dropping them attaches them. */
  protected readonly dropping = signal(false);
  /** The message whose deletion waits for the user's confirmation. */
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly deleting = signal<string | null>(null);
  protected readonly deleteError = signal<{ id: string; message: string } | null>(null);
  protected readonly meId = computed(() => this.auth.user()?.id ?? '');
  /** An encrypted conversation: files are encrypted in the browser before upload. */
  protected readonly encrypted = computed(() => {
    const room = parseRoom(this.store.room() ?? '');
    return room?.kind === 'conversation' && (this.conversations?.find(room.id)?.encrypted ?? false);
  });
  protected readonly meUsername = computed(() => this.auth.user()?.username);
  protected readonly usernames = computed(() => new Set(this.members().map((member) => member.username.toLowerCase())));
  private readonly names = computed(() => new Map(this.members().map((member) => [member.id, member.displayName || member.username])));

  protected readonly rows = computed<Row[]>(() => {
    const me = this.meId();
    const rows: Row[] = [];
    let previous: ChatEntry | undefined;
    for (const entry of this.store.entries()) {
      const day = previous && dayKey(previous.createdAt) === dayKey(entry.createdAt) ? null : dayLabel(entry.createdAt, this.locale);
      const grouped =
        !day &&
        previous !== undefined &&
        previous.userId === entry.userId &&
        Date.parse(entry.createdAt) - Date.parse(previous.createdAt) < GROUP_MS;
      rows.push({ entry, mine: entry.userId === me, grouped, day });
      previous = entry;
    }
    return rows;
  });

  protected readonly typing = computed(() =>
    typingLine(
      this.store.typing().map((id) => this.names().get(id) ?? $localize`:@@chat.room.someone:Someone`),
      this.locale,
    ),
  );
  /** Unread messages below the visible part: offered as a jump. */
  protected readonly unreadBelow = computed(() => (this.atBottom() ? 0 : this.store.unread()));
  protected readonly unreadBelowText = computed(() => formatInteger(this.unreadBelow(), this.locale));

  private lastHeight = 0;
  private renderedFirst: string | undefined;
  private renderedLast: string | undefined;
  private handledFocus: string | null = null;

  constructor() {
    // Runs after each render of a changed list: keep the reader's place, or follow the bottom.
    afterRenderEffect(() => {
      const entries = this.store.entries();
      const status = this.store.status();
      const focus = this.focusMessage();
      untracked(() => this.afterListRender(entries, status, focus));
    });
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => this.keepBottom());
    afterNextRender(() => {
      resize?.observe(this.scroller().nativeElement);
      if (this.autofocus()) {
        this.composer().focus();
      }
    });
    inject(DestroyRef).onDestroy(() => resize?.disconnect());
    // Others' messages are read out politely, coalesced; the list itself is not a live region.
    this.store.arrivals
      .pipe(takeUntilDestroyed())
      .subscribe((message) => this.announcer.message({ author: this.names().get(message.userId) ?? '', text: message.content ?? '' }));
    // What the user was writing here before the reload (or before visiting another room).
    afterRenderEffect(() => {
      const room = this.store.room();
      untracked(() => {
        this.composer().clear();
        if (room) {
          void this.drafts.read(room).then((draft) => draft && this.store.room() === room && this.composer().restoreDraft(draft));
        }
      });
    });
  }

  protected saveDraft(text: string): void {
    const room = this.store.room();
    if (room) {
      this.drafts.save(room, text);
    }
  }

  protected name(userId: string): string {
    return userId === this.meId()
      ? $localize`:@@chat.message.you:You`
      : (this.names().get(userId) ?? $localize`:@@chat.message.formerMember:Former member`);
  }

  protected time(iso: string): string {
    return messageTime(iso, this.locale);
  }

  protected initial(userId: string): string {
    return this.name(userId).charAt(0).toUpperCase();
  }

  protected send(message: ComposedMessage): void {
    if (this.store.send(message.text, message.attachments)) {
      this.atBottom.set(true);
    }
  }

  protected dragOver(event: DragEvent): void {
    if (this.store.room() && event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      this.dropping.set(true);
    }
  }

  protected dragLeave(event: DragEvent): void {
    // Moving between the room's own elements fires dragleave too: only leaving the room counts.
    const to = event.relatedTarget;
    if (!(to instanceof Node) || !(event.currentTarget as HTMLElement).contains(to)) {
      this.dropping.set(false);
    }
  }

  protected drop(event: DragEvent): void {
    this.dropping.set(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length > 0) {
      event.preventDefault();
      this.composer().addFiles(files);
    }
  }

  /** Asks first; the confirm button takes the focus, so the keyboard can answer at once. */
  protected askDelete(messageId: string): void {
    this.deleteError.set(null);
    this.confirmingDelete.set(messageId);
    afterNextRender(() => this.scroller().nativeElement.querySelector<HTMLElement>('[data-testid="chat-delete-confirm"]')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancelDelete(messageId: string): void {
    this.confirmingDelete.set(null);
    const trigger = this.scroller().nativeElement.querySelector<HTMLElement>(
      `[data-message-id="${messageId}"] [data-testid="chat-delete"]`,
    );
    trigger?.focus();
  }

  protected async confirmDelete(messageId: string): Promise<void> {
    this.deleting.set(messageId);
    const problem = await this.store.deleteMessage(messageId);
    this.deleting.set(null);
    this.confirmingDelete.set(null);
    if (problem) {
      this.deleteError.set({ id: messageId, message: problem });
    } else {
      this.composer().focus();
    }
  }

  protected trackScrollPosition(): void {
    const element = this.scroller().nativeElement;
    this.lastHeight = element.scrollHeight;
    this.atBottom.set(element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX);
    if (element.scrollTop < TOP_LOAD_PX && this.store.hasOlder()) {
      void this.store.loadOlder();
    }
    this.markReadIfSeen();
  }

  protected jumpToLatest(): void {
    const element = this.scroller().nativeElement;
    element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' });
  }

  /** The newest message is on screen in a visible tab: it has been read. */
  protected markReadIfSeen(): void {
    if (this.atBottom() && this.store.status() === 'ready' && this.document.visibilityState !== 'hidden') {
      this.store.markRead();
    }
  }

  private afterListRender(entries: readonly ChatEntry[], status: string, focus: string | null): void {
    const element = this.scroller().nativeElement;
    const first = entries[0]?.key;
    const last = entries.at(-1);
    if (focus && focus !== this.handledFocus && this.reveal(element, focus)) {
      this.handledFocus = focus;
    } else if (this.renderedLast === undefined || this.atBottom()) {
      element.scrollTop = element.scrollHeight;
    } else if (first !== this.renderedFirst && last?.key === this.renderedLast) {
      // Older messages went in above: keep what the reader was looking at where it was.
      element.scrollTop += element.scrollHeight - this.lastHeight;
    } else if (last && last.key !== this.renderedLast && last.userId === this.meId() && last.state === 'pending') {
      element.scrollTop = element.scrollHeight;
    }
    this.renderedFirst = first;
    this.renderedLast = last?.key;
    this.lastHeight = element.scrollHeight;
    this.atBottom.set(element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX);
    this.markReadIfSeen();
    // A first page shorter than the panel leaves nothing to scroll: fetch more right away.
    if (status === 'ready' && element.scrollHeight <= element.clientHeight && this.store.hasOlder()) {
      void this.store.loadOlder();
    }
  }

  private reveal(element: HTMLElement, messageId: string): boolean {
    // Ids are `<ms>-<seq>`; anything else (a hand-edited link) cannot be in the list.
    const target = /^\d+-\d+$/.test(messageId) ? element.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`) : null;
    if (!target) {
      return false;
    }
    target.scrollIntoView({ block: 'center' });
    this.flashed.set(messageId);
    return true;
  }

  private keepBottom(): void {
    if (this.atBottom()) {
      const element = this.scroller().nativeElement;
      element.scrollTop = element.scrollHeight;
    }
  }
}
