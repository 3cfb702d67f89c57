import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { BoardStore } from '../board/board-store';
import { PresenceStore } from '../presence/presence-store';
import { userColor } from '../presence/user-color';
import { ViewportStore } from './viewport-store';

/** "Following Alice — Stop" over the board while we follow someone; Esc stops too. */
@Component({
  selector: 'cb-follow-banner',
  template: `
    <div class="slot" role="status" aria-live="polite">
      @if (leader(); as leader) {
        <div class="banner" data-testid="follow-banner" [attr.data-user-id]="leader.id" [style.--user-color]="leader.color">
          @if (summoned()) {
            <span i18n="@@follow.banner.summoned"
              >{{ leader.name }} brought everyone here: following <strong>{{ leader.name }}</strong></span
            >
          } @else {
            <span i18n="@@follow.banner.following"
              >Following <strong>{{ leader.name }}</strong></span
            >
          }
          <button type="button" data-testid="stop-following" (click)="viewport.stop()">
            <ng-container i18n="@@follow.banner.stop">Stop</ng-container> <kbd>Esc</kbd>
          </button>
        </div>
      }
    </div>
  `,
  styles: `
    /* Centred: physical left with the translate is the same in both directions. */
    :host {
      position: absolute;
      top: 0.75rem;
      left: 50%;
      z-index: 7;
      transform: translateX(-50%);
      max-width: calc(100% - 1.5rem);
    }
    .banner {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding-block: 0.375rem;
      padding-inline: 0.875rem 0.375rem;
      color: var(--text);
      background: var(--surface);
      border: 2px solid var(--user-color);
      border-radius: 999px;
      box-shadow: var(--shadow-card);
    }
    span {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    button {
      flex: none;
      padding: 0.25rem 0.75rem;
      font: inherit;
      font-weight: 600;
      color: #fff;
      background: var(--user-color);
      border: 0;
      border-radius: 999px;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 2px;
    }
    kbd {
      margin-inline-start: 0.25rem;
      font: inherit;
      font-size: 0.75rem;
    }
  `,
  host: { '(document:keydown.escape)': 'stopOnEscape($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowBanner {
  protected readonly viewport = inject(ViewportStore);
  private readonly presence = inject(PresenceStore);
  private readonly board = inject(BoardStore);

  protected readonly summoned = this.viewport.summoned;
  protected readonly leader = computed(() => {
    const id = this.viewport.leaderId();
    if (!id) {
      return null;
    }
    const user = this.presence.byId().get(id);
    const name =
      (user && (user.displayName || user.username)) || this.board.memberNames().get(id) || $localize`:@@follow.banner.someone:someone`;
    return { id, name, color: userColor(id) };
  });

  protected stopOnEscape(event: Event): void {
    // Esc in a note's editor, a field, a popup or a menu closes or cancels that, not following.
    const target = event.target;
    const elsewhere =
      target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="menu"]');
    if (this.leader() && !elsewhere) {
      this.viewport.stop();
    }
  }
}
