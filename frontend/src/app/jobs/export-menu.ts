import { ChangeDetectionStrategy, Component, type ElementRef, afterRenderEffect, computed, inject, input, viewChild } from '@angular/core';

import { EXPORT_FORMATS, type ExportFormat } from '@contracts/jobs';

import { MenuButton } from '../core/menu-button';
import { FORMAT_LABELS } from './job-view';
import { JobsStore } from './jobs-store';

const FORMAT_HINTS: Record<ExportFormat, string> = {
  json: $localize`:@@jobs.export.jsonHint:Notes and chat, for backups and scripts`,
  csv: $localize`:@@jobs.export.csvHint:Notes only, for spreadsheets`,
  markdown: $localize`:@@jobs.export.markdownHint:A readable document`,
};

/**
 * Export (and, on a board, import) as a menu: a board exports itself; without a board,
 * every board of the user goes into one download.
 */
@Component({
  selector: 'cb-export-menu',
  template: `
    <button
      #trigger
      type="button"
      class="btn btn-ghost trigger"
      data-testid="export-menu"
      aria-haspopup="menu"
      [attr.aria-expanded]="open()"
      [attr.aria-label]="label()"
      [title]="label()"
      (click)="open.set(!open())"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path
          d="M10 3.5V13M6 9l4 4 4-4M4 16.5h12"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      </svg>
      <span class="trigger-label">
        @if (board()) {
          <ng-container i18n="@@jobs.export.trigger">Export</ng-container>
        } @else {
          <ng-container i18n="@@jobs.export.triggerAll">Export all</ng-container>
        }
      </span>
    </button>
    @if (open()) {
      <div #menu class="menu" role="menu" tabindex="-1" [attr.aria-label]="label()" (keydown)="moveFocusInMenu($event)">
        <p class="group" aria-hidden="true">
          @if (board()) {
            <ng-container i18n="@@jobs.export.groupBoard">Export this board as</ng-container>
          } @else {
            <ng-container i18n="@@jobs.export.groupAll">Export all your boards as</ng-container>
          }
        </p>
        @for (format of formats; track format) {
          <button type="button" class="menu-item" role="menuitem" [attr.data-testid]="'export-format-' + format" (click)="export(format)">
            <span class="menu-item-label">{{ formatLabels[format] }}</span>
            <span class="menu-item-hint">{{ hints[format] }}</span>
          </button>
        }
        @if (canImport() && board()) {
          <hr />
          <button type="button" class="menu-item" role="menuitem" data-testid="import-button" (click)="pickFile()">
            <span class="menu-item-label" i18n="@@jobs.import.menu">Import notes…</span>
            <span class="menu-item-hint" i18n="@@jobs.import.menuHint">From a .csv (text, x, y, color) or .json file</span>
          </button>
        }
      </div>
    }
    @if (canImport() && board()) {
      <input
        #file
        type="file"
        class="visually-hidden"
        tabindex="-1"
        aria-hidden="true"
        accept=".csv,.json,text/csv,application/json"
        data-testid="import-file-input"
        (change)="importChosenFile($event)"
      />
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
    }
    .trigger {
      min-height: 2.25rem;
      padding: 0 0.875rem;
    }
    .trigger svg {
      width: 1rem;
      height: 1rem;
    }
    .menu {
      position: absolute;
      top: calc(100% + 0.375rem);
      inset-inline-end: 0;
      z-index: 8; /* over notes and cursors, under the app header and its jobs panel */
      display: flex;
      flex-direction: column;
      width: 17rem;
      max-width: calc(100vw - 1rem);
      padding: 0.375rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    /* "Export all" sits at the start of its page, so its menu opens towards the end. */
    :host(:not(.in-toolbar)) .menu {
      inset-inline-end: auto;
      inset-inline-start: 0;
    }
    .group {
      margin: 0.25rem 0.625rem 0.25rem;
      font-size: 0.75rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    .menu-item {
      display: flex;
      flex-direction: column;
      padding: 0.4375rem 0.625rem;
      line-height: 1.35;
    }
    hr {
      width: 100%;
      margin: 0.375rem 0;
      border: 0;
      border-top: 1px solid var(--border);
    }
    /* In a board's crowded toolbar on a phone, the icon says enough. */
    @media (max-width: 480px) {
      :host(.in-toolbar) .trigger {
        padding: 0 0.625rem;
      }
      :host(.in-toolbar) .trigger-label {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
    }
  `,
  host: {
    '[class.in-toolbar]': 'board() !== null',
    '(document:pointerdown)': 'closeOnOutsidePointer($event)',
    '(keydown.escape)': 'close(true)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExportMenu extends MenuButton {
  private readonly store = inject(JobsStore);
  private readonly file = viewChild<ElementRef<HTMLInputElement>>('file');

  /** The board to export (and import into); none: all the user's boards. */
  readonly board = input<{ id: string; title: string } | null>(null);
  readonly canImport = input(false);

  protected readonly formats = EXPORT_FORMATS;
  protected readonly formatLabels = FORMAT_LABELS;
  protected readonly hints = FORMAT_HINTS;
  protected readonly label = computed(() =>
    this.board()
      ? this.canImport()
        ? $localize`:@@jobs.export.labelImport:Export or import notes`
        : $localize`:@@jobs.export.labelBoard:Export this board`
      : $localize`:@@jobs.export.labelAll:Export all my boards`,
  );

  constructor() {
    super();
    afterRenderEffect(() => this.menu()?.nativeElement.querySelector<HTMLElement>('[role="menuitem"]')?.focus());
  }

  protected export(format: ExportFormat): void {
    this.close(true);
    void this.store.startExport(format, this.board() ?? undefined);
  }

  protected pickFile(): void {
    this.close();
    this.file()?.nativeElement.click();
  }

  protected importChosenFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const board = this.board();
    // Cleared so choosing the same file again is a change too.
    input.value = '';
    if (file && board) {
      void this.store.startImport(board, file);
    }
  }
}
