import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

import { ConversationsStore } from './conversations-store';

/** Header link to /conversations with the number of unread direct messages (live). */
@Component({
  selector: 'cb-conversations-link',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <a
      class="header-icon"
      routerLink="/conversations"
      routerLinkActive="active"
      data-testid="conversations-link"
      [attr.aria-label]="label()"
      [title]="label()"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5v-8Z"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linejoin="round"
        />
      </svg>
      @if (store.totalUnread() > 0) {
        <span class="count" data-testid="conversations-unread">{{ count() }}</span>
      }
    </a>
  `,
  styleUrl: './header-icon.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsLink {
  protected readonly store = inject(ConversationsStore);

  protected readonly count = computed(() => (this.store.totalUnread() > 99 ? '99+' : String(this.store.totalUnread())));
  protected readonly label = computed(() => {
    const unread = this.store.totalUnread();
    return unread > 0 ? `Messages, ${unread} unread` : 'Messages';
  });

  constructor() {
    this.store.ensureLoaded();
  }
}
