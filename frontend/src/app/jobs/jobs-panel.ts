import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, output } from '@angular/core';

import { JobItem } from './job-item';
import { JobsStore } from './jobs-store';

/** A drawer under the header listing the user's jobs, newest first; it stays open while the user works. */
@Component({
  selector: 'cb-jobs-panel',
  imports: [JobItem, DecimalPipe],
  template: `
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby="jobs-title" data-testid="jobs-panel" tabindex="-1">
      <header class="panel-head">
        <h2 id="jobs-title" i18n="@@jobs.panel.title">Jobs</h2>
        @if (store.activeCount() > 0) {
          <span class="running" i18n="@@jobs.panel.running">{{ store.activeCount() | number }} running</span>
        }
        <button
          type="button"
          class="close"
          aria-label="Close jobs"
          i18n-aria-label="@@jobs.panel.close"
          data-testid="jobs-close"
          (click)="closed.emit()"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="m5.5 5.5 9 9m0-9-9 9" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      </header>
      @if (!store.loaded() && jobs().length === 0) {
        <p class="empty" aria-busy="true" i18n="@@jobs.panel.loading">Loading your jobs…</p>
      } @else if (jobs().length === 0) {
        <div class="empty" data-testid="jobs-empty">
          <p class="empty-title" i18n="@@jobs.panel.emptyTitle">No exports or imports yet</p>
          <p i18n="@@jobs.panel.emptyHelp">Export a board from its menu, or drop a .csv or .json file on a board to import notes.</p>
        </div>
      } @else {
        <div class="list" role="list">
          @for (job of jobs(); track job.id) {
            <cb-job-item [job]="job" />
          }
        </div>
      }
    </section>
  `,
  styles: `
    .panel {
      position: fixed;
      top: calc(3.5rem + 0.5rem);
      inset-inline-end: 0.75rem;
      z-index: 35;
      display: flex;
      flex-direction: column;
      width: 24rem;
      max-height: calc(100dvh - 4.75rem);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius-lg);
      box-shadow: var(--shadow-card);
      animation: panel-in 0.16s ease-out;
    }
    .panel:focus {
      outline: none;
    }
    .panel-head {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      padding-block: 0.75rem;
      padding-inline: 1rem 0.75rem;
      border-bottom: 1px solid var(--border);
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    .running {
      padding: 0.0625rem 0.5rem;
      font-size: 0.75rem;
      font-weight: 700;
      color: var(--accent-strong);
      background: var(--accent-soft);
      border-radius: 999px;
    }
    .close {
      display: grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      margin-inline-start: auto;
      padding: 0;
      color: var(--muted);
      background: transparent;
      border: 0;
      border-radius: var(--radius);
      cursor: pointer;
    }
    .close:hover {
      color: var(--text);
      background: var(--bg);
    }
    .close svg {
      width: 1.125rem;
      height: 1.125rem;
    }
    .list {
      overflow-y: auto;
      overscroll-behavior: contain;
    }
    .list cb-job-item:last-child {
      border-bottom: 0;
    }
    .empty {
      margin: 0;
      padding: 1.5rem 1.25rem;
      font-size: 0.875rem;
      text-align: center;
      color: var(--muted);
    }
    .empty p {
      margin: 0;
    }
    .empty .empty-title {
      margin-bottom: 0.25rem;
      font-weight: 600;
      color: var(--text);
    }
    @keyframes panel-in {
      from {
        transform: translateY(-0.375rem);
        opacity: 0;
      }
    }
    @media (max-width: 480px) {
      .panel {
        inset-inline: 0.5rem;
        width: auto;
        max-height: calc(100dvh - 4.5rem);
      }
    }
  `,
  host: { '(keydown.escape)': 'closed.emit()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobsPanel {
  protected readonly store = inject(JobsStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  readonly closed = output<void>();

  protected readonly jobs = this.store.jobs;

  constructor() {
    // Focus moves into the drawer so Escape closes it and screen readers announce it.
    afterNextRender(() => this.host.querySelector<HTMLElement>('.panel')?.focus({ preventScroll: true }));
  }
}
