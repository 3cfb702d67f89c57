import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  LOCALE_ID,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';

import type { PublicUser } from '@contracts/api';
import { boardChannel } from '@contracts/channels';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { formatInteger } from '../i18n/format';
import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';
import { collapsedArrival } from './collapsed-arrival';

/** The browser-wide key of before: still read while the user has made no choice of their own. */
const COLLAPSED_KEY = 'cb.chat.collapsed';
/** Below this width the panel covers the board instead of sitting beside it. */
const NARROW = '(max-width: 640px)';

/**
 * The board's chat beside the canvas. Collapsing keeps the room followed (the store lives
 * with the panel), so the toggle can count what arrives meanwhile. Beside the board the
 * open/closed choice is remembered; on a phone the panel covers the board, so it starts
 * closed there. `?chat=open` and `?message=<id>` (links from notifications) open it at
 * that message.
 */
@Component({
  selector: 'cb-chat-panel',
  imports: [ChatRoom],
  templateUrl: './chat-panel.html',
  styleUrl: './chat-panel.css',
  providers: [ChatStore],
  host: { 'data-testid': 'chat-panel', '[attr.data-collapsed]': 'collapsed()', '[class.collapsed]': 'collapsed()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPanel {
  protected readonly store = inject(ChatStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly narrow = this.window?.matchMedia?.(NARROW);
  /** Each user on this browser has their own open/closed choice. */
  private readonly collapsedKey = `${COLLAPSED_KEY}:${inject(AuthStore).user()?.id ?? ''}`;

  readonly boardId = input.required<string>();
  readonly members = input<readonly PublicUser[]>([]);

  protected readonly collapsed = signal(this.narrow?.matches ? true : (this.remembered() ?? false));
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly focusMessage = computed(() => this.query()?.get('message') ?? null);
  private readonly locale = inject(LOCALE_ID);
  protected readonly unreadLabel = computed(() => {
    const unread = this.store.unread();
    return unread > 99 ? `${formatInteger(99, this.locale)}+` : formatInteger(unread, this.locale);
  });
  protected readonly showLabel = computed(() => {
    const unread = this.store.unread();
    return unread > 0
      ? $localize`:@@chat.panel.showUnread:Show chat, ${formatInteger(unread, this.locale)}:count: unread`
      : $localize`:@@chat.panel.show:Show chat`;
  });
  protected readonly memberCount = computed(() => formatInteger(this.members().length, this.locale));
  private readonly names = computed(() => new Map(this.members().map((member) => [member.id, member.displayName || member.username])));

  constructor() {
    effect(() => {
      const id = this.boardId();
      untracked(() => this.store.open(boardChannel(id)));
    });
    effect(() => {
      const query = this.query();
      if (query?.get('chat') === 'open' || query?.has('message')) {
        untracked(() => this.setCollapsed(false));
      }
    });
    // Collapsed, no room is there to read others' messages out: the panel does, saying where they are.
    const announcer = inject(Announcer);
    this.store.arrivals.pipe(takeUntilDestroyed()).subscribe((message) => {
      const arrival = collapsedArrival(message, this.collapsed(), this.names());
      if (arrival) {
        announcer.message(arrival);
      }
    });
    // Narrowing the window to phone size closes the sheet; widening restores the choice.
    const relayout = (event: MediaQueryListEvent): void => this.collapsed.set(event.matches ? true : (this.remembered() ?? false));
    this.narrow?.addEventListener?.('change', relayout);
    inject(DestroyRef).onDestroy(() => this.narrow?.removeEventListener?.('change', relayout));
  }

  protected toggle(): void {
    this.setCollapsed(!this.collapsed());
    // The button pressed is replaced by its counterpart: focus follows, instead of falling to the page.
    afterNextRender(() => this.host.querySelector<HTMLElement>('[data-testid="chat-toggle"]')?.focus(), { injector: this.injector });
  }

  private setCollapsed(collapsed: boolean): void {
    this.collapsed.set(collapsed);
    if (this.narrow?.matches) {
      return;
    }
    try {
      this.window?.localStorage.setItem(this.collapsedKey, collapsed ? '1' : '0');
    } catch {
      // Not remembered, still applied.
    }
  }

  private remembered(): boolean | null {
    try {
      const storage = this.window?.localStorage;
      const stored = storage?.getItem(this.collapsedKey) ?? storage?.getItem(COLLAPSED_KEY);
      return stored === '1' ? true : stored === '0' ? false : null;
    } catch {
      return null;
    }
  }
}
