import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';

import type { PublicUser } from '@contracts/api';

import { boardRoom } from './chat-api';
import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';

const COLLAPSED_KEY = 'cb.chat.collapsed';
/** Below this width the panel covers the board instead of sitting beside it. */
const NARROW = '(max-width: 640px)';

/**
 * The board's chat beside the canvas. Collapsing keeps the room followed (the store lives
 * with the panel), so the toggle can count what arrives meanwhile. `?chat=open` and
 * `?message=<id>` (links from notifications) open it at that message.
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
  private readonly window = inject(DOCUMENT).defaultView;

  readonly boardId = input.required<string>();
  readonly members = input<readonly PublicUser[]>([]);

  protected readonly collapsed = signal(this.initiallyCollapsed());
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly focusMessage = computed(() => this.query()?.get('message') ?? null);
  protected readonly unreadLabel = computed(() => {
    const unread = this.store.unread();
    return unread > 99 ? '99+' : String(unread);
  });

  constructor() {
    effect(() => {
      const id = this.boardId();
      untracked(() => this.store.open(boardRoom(id)));
    });
    effect(() => {
      const query = this.query();
      if (query?.get('chat') === 'open' || query?.has('message')) {
        untracked(() => this.setCollapsed(false));
      }
    });
  }

  protected toggle(): void {
    this.setCollapsed(!this.collapsed());
  }

  private setCollapsed(collapsed: boolean): void {
    this.collapsed.set(collapsed);
    try {
      this.window?.localStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0');
    } catch {
      // Not remembered, still applied.
    }
  }

  /** As the user left it; the first time, open beside the board but closed over a phone's. */
  private initiallyCollapsed(): boolean {
    try {
      const stored = this.window?.localStorage.getItem(COLLAPSED_KEY);
      if (stored === '1' || stored === '0') {
        return stored === '1';
      }
    } catch {
      // Fall through to the default.
    }
    return this.window?.matchMedia?.(NARROW).matches ?? false;
  }
}
