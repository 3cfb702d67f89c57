import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { BoardStore } from '../board/board-store';
import { ViewportStore } from '../follow/viewport-store';
import { PresenceStore } from './presence-store';
import { userColor } from './user-color';

/** Everyone else's pointer on the board: a coloured arrow with a name tag, fading when it rests. */
@Component({
  selector: 'cb-remote-cursors',
  template: `
    @for (cursor of cursors(); track cursor.userId) {
      <div
        class="cursor"
        data-testid="remote-cursor"
        aria-hidden="true"
        [attr.data-user-id]="cursor.userId"
        [attr.data-idle]="cursor.idle ? 'true' : null"
        [class.idle]="cursor.idle"
        [style.--cursor-color]="cursor.color"
        [style.transform]="'translate(' + cursor.x + 'px, ' + cursor.y + 'px) scale(' + tagScale() + ')'"
      >
        <svg class="arrow" viewBox="0 0 20 22" width="20" height="22">
          <path d="M2 2 L2 17.5 L6.4 13.6 L9.4 20.2 L12.3 18.9 L9.4 12.4 L15.2 12.1 Z" />
        </svg>
        <span class="tag" dir="auto">{{ cursor.name }}</span>
      </div>
    }
  `,
  styles: `
    :host {
      position: absolute;
      inset: 0;
      z-index: 5;
      overflow: hidden;
      pointer-events: none;
    }
    .cursor {
      position: absolute;
      top: 0;
      left: 0;
      transform-origin: 0 0;
      transition:
        transform 0.12s linear,
        opacity 0.6s ease-out;
      will-change: transform;
    }
    .cursor.idle {
      opacity: 0;
    }
    .arrow {
      display: block;
      overflow: visible;
      filter: drop-shadow(0 1px 1.5px rgb(41 27 10 / 0.45));
    }
    .arrow path {
      fill: var(--cursor-color);
      stroke: #fff;
      stroke-width: 1.5;
      stroke-linejoin: round;
    }
    .tag {
      position: absolute;
      top: 17px;
      left: 12px;
      max-width: 10rem;
      padding: 0.125rem 0.5rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.75rem;
      font-weight: 600;
      line-height: 1.4;
      color: #fff;
      background: var(--cursor-color);
      border-radius: 999px 999px 999px 4px;
      box-shadow: 0 2px 6px rgb(41 27 10 / 0.3);
    }
    @media (prefers-reduced-motion: reduce) {
      .cursor {
        transition: opacity 0.6s ease-out;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemoteCursors {
  private readonly presence = inject(PresenceStore);
  private readonly board = inject(BoardStore, { optional: true });
  private readonly viewport = inject(ViewportStore, { optional: true });

  /** Cursors sit on the zoomed board; their arrow and name keep their screen size. */
  protected readonly tagScale = computed(() => 1 / (this.viewport?.zoom() ?? 1));

  protected readonly cursors = computed(() => {
    const present = this.presence.byId();
    const members = this.board?.memberNames();
    return this.presence.cursors().map((cursor) => {
      const user = present.get(cursor.userId);
      const name =
        (user && (user.displayName || user.username)) || members?.get(cursor.userId) || $localize`:@@presence.cursor.someone:Someone`;
      return { ...cursor, name, color: userColor(cursor.userId) };
    });
  });
}
