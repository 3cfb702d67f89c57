import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { stepZoom } from './viewport-math';
import { ViewportStore } from './viewport-store';

/** Over the board's corner: zoom out, the zoom (click for 100 %), zoom in, fit, and "bring everyone to me". */
@Component({
  selector: 'cb-zoom-controls',
  template: `
    <div class="controls" role="toolbar" aria-label="Zoom">
      <button type="button" data-testid="zoom-out" aria-label="Zoom out" [disabled]="zoom() <= 0.25" (click)="step(-1)">−</button>
      <button type="button" class="level" data-testid="zoom-level" aria-label="Reset zoom to 100 %" (click)="viewport.zoomTo(1)">
        {{ percent() }} %
      </button>
      <button type="button" data-testid="zoom-in" aria-label="Zoom in" [disabled]="zoom() >= 2" (click)="step(1)">+</button>
      <button type="button" data-testid="zoom-fit" aria-label="Fit the board" title="Fit the board" (click)="viewport.fit()">
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
          title="Bring everyone to my view"
          (click)="viewport.summon()"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="10" cy="10" r="2.5" fill="currentColor" />
            <path d="M10 2v3M10 15v3M2 10h3M15 10h3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
          </svg>
          <span class="summon-label">Bring everyone to me</span>
        </button>
      }
    </div>
  `,
  styles: `
    :host {
      position: absolute;
      right: 0.75rem;
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
      margin-left: 0.25rem;
      color: var(--accent-strong);
      border-left: 1px solid var(--border);
      border-radius: 0 6px 6px 0;
    }
    .summon svg {
      margin: 0;
    }
    /* On a phone: bottom left (the chat button has the right), the summon button as its icon. */
    @media (max-width: 640px) {
      :host {
        right: auto;
        left: 0.75rem;
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

  protected readonly zoom = this.viewport.zoom;
  protected readonly percent = computed(() => Math.round(this.zoom() * 100));
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
