import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

import { formatInteger } from '../i18n/format';
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
  private readonly locale = inject(LOCALE_ID);

  protected readonly count = computed(() => {
    const unread = this.store.totalUnread();
    return unread > 99 ? `${formatInteger(99, this.locale)}+` : formatInteger(unread, this.locale);
  });
  protected readonly label = computed(() => {
    const unread = this.store.totalUnread();
    return unread > 0
      ? $localize`:@@chat.link.unread:Messages, ${formatInteger(unread, this.locale)}:count: unread`
      : $localize`:@@chat.link.label:Messages`;
  });

  constructor() {
    this.store.ensureLoaded();
  }
}
