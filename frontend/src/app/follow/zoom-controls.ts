import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { formatInteger } from '../i18n/format';
import { stepZoom } from './viewport-math';
import { ViewportStore } from './viewport-store';

/** Over the board's corner: zoom out, the zoom (click for 100 %), zoom in, fit, and "bring everyone to me". */
@Component({
  selector: 'cb-zoom-controls',
  template: `
    <div class="controls" role="toolbar" aria-label="Zoom" i18n-aria-label="@@follow.zoom.toolbar">
      <button
        type="button"
        data-testid="zoom-out"
        aria-label="Zoom out"
        i18n-aria-label="@@follow.zoom.out"
        [disabled]="zoom() <= 0.25"
        (click)="step(-1)"
      >
        −
      </button>
      <button
        type="button"
        class="level"
        data-testid="zoom-level"
        aria-label="Reset zoom to 100 %"
        i18n-aria-label="@@follow.zoom.reset"
        (click)="viewport.zoomTo(1)"
        i18n="@@follow.zoom.level"
      >
        {{ percent() }} %
      </button>
      <button
        type="button"
        data-testid="zoom-in"
        aria-label="Zoom in"
        i18n-aria-label="@@follow.zoom.in"
        [disabled]="zoom() >= 2"
        (click)="step(1)"
      >
        +
      </button>
      <button
        type="button"
        data-testid="zoom-fit"
        aria-label="Fit the board"
        i18n-aria-label="@@follow.zoom.fit"
        title="Fit the board"
        i18n-title="@@follow.zoom.fit"
        (click)="viewport.fit()"
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
      </button>
      @if (canSummon()) {
        <button
          type="button"
          class="summon"
          data-testid="bring-everyone"
          aria-label="Bring everyone to me"
          i18n-aria-label="@@follow.zoom.summon"
          title="Bring everyone to my view"
          i18n-title="@@follow.zoom.summonTitle"
          (click)="viewport.summon()"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="10" cy="10" r="2.5" fill="currentColor" />
            <path d="M10 2v3M10 15v3M2 10h3M15 10h3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
          </svg>
          <span class="summon-label" i18n="@@follow.zoom.summon">Bring everyone to me</span>
        </button>
      }
    </div>
  `,
  styles: `
    :host {
      position: absolute;
      inset-inline-end: 0.75rem;
      bottom: 0.75rem;
      z-index: 7;
    }
    .controls {
      display: flex;
      align-items: center;
      gap: 0.125rem;
      padding: 0.25rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    button {
      min-width: 2rem;
      height: 2rem;
      padding: 0 0.5rem;
      font: inherit;
      font-weight: 600;
      color: var(--text);
      background: transparent;
      border: 0;
      border-radius: 6px;
      cursor: pointer;
    }
    button:not(:disabled):hover {
      background: var(--bg);
    }
    button:disabled {
      color: var(--muted);
      cursor: default;
    }
    button:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 1px;
    }
    .level {
      min-width: 3.75rem;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    svg {
      display: block;
      width: 1.125rem;
      height: 1.125rem;
      margin: auto;
    }
    .summon {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      white-space: nowrap;
      margin-inline-start: 0.25rem;
      color: var(--accent-strong);
      border-inline-start: 1px solid var(--border);
      border-start-start-radius: 0;
      border-end-start-radius: 0;
    }
    .summon svg {
      margin: 0;
    }
    /* On a phone: the start corner (the chat button has the end one), the summon button as its icon. */
    @media (max-width: 640px) {
      :host {
        inset-inline-end: auto;
        inset-inline-start: 0.75rem;
      }
      .summon-label {
        display: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ZoomControls {
  protected readonly viewport = inject(ViewportStore);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);
  private readonly locale = inject(LOCALE_ID);

  protected readonly zoom = this.viewport.zoom;
  protected readonly percent = computed(() => formatInteger(Math.round(this.zoom() * 100), this.locale));
  /** Moving everyone's view is for the people running the board; a member from before roles is an editor. */
  protected readonly canSummon = computed(() => {
    const me = this.auth.user()?.id;
    const member = this.board.board()?.members.find((candidate) => candidate.id === me);
    return member !== undefined && member.role !== 'viewer';
  });

  protected step(direction: 1 | -1): void {
    this.viewport.zoomTo(stepZoom(this.zoom(), direction));
  }
}
