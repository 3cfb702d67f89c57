import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, LOCALE_ID, computed, inject, viewChild } from '@angular/core';

import { formatInteger } from '../i18n/format';

import { JobsPanel } from './jobs-panel';
import { JobsStore } from './jobs-store';

/** Header button with the number of running jobs; opens the jobs panel on any page. */
@Component({
  selector: 'cb-jobs-button',
  imports: [JobsPanel, DecimalPipe],
  template: `
    <button
      #button
      type="button"
      class="jobs-button"
      data-testid="jobs-button"
      aria-haspopup="dialog"
      [attr.aria-expanded]="store.panelOpen()"
      [attr.aria-label]="label()"
      [title]="label()"
      (click)="toggle()"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true">
        <path
          d="M6.5 16V4M3.5 7l3-3 3 3M13.5 4v12M10.5 13l3 3 3-3"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      </svg>
      <span class="label" i18n="@@jobs.button.label">Jobs</span>
      @if (store.activeCount() > 0) {
        <span class="count" data-testid="jobs-count">{{ store.activeCount() | number }}</span>
      }
    </button>
    @if (store.panelOpen()) {
      <cb-jobs-panel (closed)="close()" />
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex: none;
    }
    .jobs-button {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      height: 2.25rem;
      padding: 0 0.75rem;
      font: inherit;
      font-size: 0.875rem;
      font-weight: 600;
      color: var(--text);
      background: transparent;
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
      cursor: pointer;
    }
    .jobs-button:hover,
    .jobs-button[aria-expanded='true'] {
      background: var(--bg);
    }
    .jobs-button svg {
      width: 1.125rem;
      height: 1.125rem;
      color: var(--muted);
    }
    .count {
      display: inline-grid;
      place-items: center;
      min-width: 1.25rem;
      height: 1.25rem;
      padding: 0 0.3rem;
      font-size: 0.75rem;
      font-weight: 700;
      color: #fff;
      background: var(--accent);
      border-radius: 999px;
      font-variant-numeric: tabular-nums;
    }
    @media (max-width: 640px) {
      /* Icon only, the count over its corner as on the bell: the phone's header has no width to spare. */
      .jobs-button {
        position: relative;
        justify-content: center;
        padding: 0 0.5rem;
      }
      .label {
        display: none;
      }
      .count {
        position: absolute;
        inset-block-start: -0.375rem;
        inset-inline-end: -0.375rem;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobsButton {
  protected readonly store = inject(JobsStore);
  private readonly locale = inject(LOCALE_ID);
  private readonly button = viewChild.required<ElementRef<HTMLButtonElement>>('button');

  protected readonly label = computed(() => {
    const running = this.store.activeCount();
    return running > 0
      ? $localize`:@@jobs.button.running:Jobs (${formatInteger(running, this.locale)}:count: running)`
      : $localize`:@@jobs.button.label:Jobs`;
  });

  constructor() {
    // The header lives as long as the session: so does following the user's jobs.
    this.store.connect();
    inject(DestroyRef).onDestroy(() => this.store.disconnect());
  }

  protected toggle(): void {
    this.store.panelOpen.update((open) => !open);
  }

  protected close(): void {
    this.store.panelOpen.set(false);
    this.button().nativeElement.focus();
  }
}
