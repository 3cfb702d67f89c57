import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { BoardStore } from '../board/board-store';
import { JobsStore } from './jobs-store';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Over the board: dragging a file anywhere into the window shows where to drop it, and
 * dropping it on the board imports its notes. Drops elsewhere are swallowed, so a missed
 * drop never replaces the app with the file.
 */
@Component({
  selector: 'cb-import-drop',
  template: `
    @if (dragging()) {
      <div class="overlay" data-testid="drop-overlay" (dragover)="acceptDrop($event)" (drop)="importDroppedFile($event)">
        <div class="card">
          <svg viewBox="0 0 48 48" aria-hidden="true">
            <rect x="8" y="6" width="26" height="32" rx="3" fill="#fff8e7" stroke="currentColor" stroke-width="2" />
            <path d="M14 15h14M14 21h14M14 27h8" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            <circle cx="35" cy="35" r="9" fill="var(--accent)" />
            <path
              d="M35 39.5v-9M31 34.5l4-4 4 4"
              fill="none"
              stroke="#fff"
              stroke-width="2.2"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
          <p class="title" i18n="@@jobs.drop.title">Drop to import notes</p>
          <p class="hint" i18n="@@jobs.drop.hint">A .csv with a header row (text, x, y, color) or a .json array, up to 5 MB</p>
        </div>
      </div>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .overlay {
      position: absolute;
      inset: 0.75rem;
      z-index: 6; /* over notes (≤ 4) and cursors (5) */
      display: grid;
      place-items: center;
      background: rgb(79 70 229 / 0.16);
      border: 3px dashed rgb(79 70 229 / 0.85);
      border-radius: var(--radius-lg);
      backdrop-filter: blur(1px);
      animation: appear 0.12s ease-out;
    }
    .card {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.25rem;
      max-width: min(22rem, calc(100% - 2rem));
      padding: 1.25rem 1.5rem;
      text-align: center;
      color: var(--text);
      background: var(--surface);
      border-radius: var(--radius-lg);
      box-shadow: var(--shadow-card);
      pointer-events: none;
    }
    svg {
      width: 3rem;
      height: 3rem;
      margin-bottom: 0.25rem;
      color: #7a4a1c;
    }
    p {
      margin: 0;
    }
    .title {
      font-weight: 700;
    }
    .hint {
      font-size: 0.8125rem;
      color: var(--muted);
    }
    @keyframes appear {
      from {
        opacity: 0;
      }
    }
  `,
  host: {
    '(document:dragenter)': 'showDropZone($event)',
    '(document:dragleave)': 'hideDropZoneWhenLeft($event)',
    '(document:dragover)': 'refuseDropOutside($event)',
    '(document:drop)': 'ignoreDropOutside($event)',
    '(document:dragend)': 'reset()',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportDrop {
  private readonly board = inject(BoardStore);
  private readonly jobs = inject(JobsStore);
  /** dragenter/dragleave fire for every element crossed; the drag has left the window when they balance. */
  private depth = 0;

  protected readonly dragging = signal(false);

  protected showDropZone(event: DragEvent): void {
    if (!carriesFiles(event) || !this.board.board() || !this.board.canEdit()) {
      return;
    }
    this.depth++;
    this.dragging.set(true);
  }

  protected hideDropZoneWhenLeft(event: DragEvent): void {
    if (!carriesFiles(event)) {
      return;
    }
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) {
      this.dragging.set(false);
    }
  }

  protected refuseDropOutside(event: DragEvent): void {
    if (carriesFiles(event)) {
      event.preventDefault();
      if (event.dataTransfer) {
        event.dataTransfer.dropEffect = 'none';
      }
    }
  }

  protected ignoreDropOutside(event: DragEvent): void {
    if (carriesFiles(event)) {
      event.preventDefault();
    }
    this.reset();
  }

  protected acceptDrop(event: DragEvent): void {
    event.preventDefault();
    event.stopPropagation();
    if (event.dataTransfer) {
      event.dataTransfer.dropEffect = 'copy';
    }
  }

  protected importDroppedFile(event: DragEvent): void {
    event.preventDefault();
    event.stopPropagation();
    this.reset();
    const file = event.dataTransfer?.files[0];
    const board = this.board.board();
    if (file && board) {
      void this.jobs.startImport({ id: board.id, title: board.title }, file);
    }
  }

  protected reset(): void {
    this.depth = 0;
    this.dragging.set(false);
  }
}
