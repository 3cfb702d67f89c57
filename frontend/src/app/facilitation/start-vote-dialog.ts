import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';

import { MAX_DOTS_PER_USER, MIN_DOTS_PER_USER } from '@contracts/facilitation';

import { VoteStore } from './vote-store';
import { TrapFocus } from '../a11y/trap-focus';

const DEFAULT_DOTS = 3;

/** Asks how many dots each member gets and whether the vote is anonymous, then starts it. */
@Component({
  selector: 'cb-start-vote-dialog',
  imports: [TrapFocus, DecimalPipe],
  template: `
    <div class="modal-backdrop">
      <form
        class="modal-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="start-vote-title"
        data-testid="start-vote-dialog"
        cbTrapFocus
        (keydown.escape)="closed.emit()"
        (submit)="$event.preventDefault(); start()"
        novalidate
      >
        <h2 id="start-vote-title" i18n="@@facilitation.startVote.title">Start a dot vote</h2>
        <p class="help" i18n="@@facilitation.startVote.help">
          Everyone on the board, viewers too, places their dots on the notes they favour.
        </p>
        <div class="field">
          <label for="vote-dots" i18n="@@facilitation.startVote.dots">Dots per person</label>
          <input
            id="vote-dots"
            type="number"
            inputmode="numeric"
            data-testid="vote-dots-input"
            [min]="min"
            [max]="max"
            [value]="dots()"
            [attr.aria-invalid]="invalid() ? 'true' : null"
            aria-describedby="vote-dots-hint"
            cdkFocusInitial
            (input)="dots.set($any($event.target).value)"
          />
          @if (invalid()) {
            <span class="field-error" id="vote-dots-hint" role="alert" i18n="@@facilitation.startVote.invalid"
              >Choose a whole number from {{ min | number }} to {{ max | number }}.</span
            >
          } @else {
            <span class="field-hint" id="vote-dots-hint" i18n="@@facilitation.startVote.range"
              >From {{ min | number }} to {{ max | number }}.</span
            >
          }
        </div>
        <label class="check">
          <input
            type="checkbox"
            data-testid="vote-anonymous"
            [checked]="anonymous()"
            (change)="anonymous.set($any($event.target).checked)"
          />
          <span>
            <ng-container i18n="@@facilitation.startVote.anonymous">Anonymous</ng-container>
            <small i18n="@@facilitation.startVote.anonymousHelp"
              >Until the vote ends, others see only how many dots were placed, not where.</small
            >
          </span>
        </label>
        <div class="actions">
          <button type="button" class="btn btn-ghost" (click)="closed.emit()" i18n="@@facilitation.startVote.cancel">Cancel</button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="start-vote-submit"
            [disabled]="votes.working()"
            i18n="@@facilitation.startVote.submit"
          >
            Start vote
          </button>
        </div>
      </form>
    </div>
  `,
  styles: `
    .modal-dialog {
      max-width: 26rem;
    }
    h2 {
      margin: 0 0 0.25rem;
      font-size: 1.25rem;
    }
    .help {
      margin: 0 0 1rem;
      color: var(--muted);
    }
    .check {
      display: flex;
      gap: 0.625rem;
      align-items: flex-start;
      margin-top: 0.75rem;
      font-weight: 600;
      cursor: pointer;
    }
    .check input {
      width: 1.125rem;
      height: 1.125rem;
      margin-top: 0.2rem;
    }
    .check small {
      display: block;
      font-weight: 400;
      color: var(--muted);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 1.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StartVoteDialog {
  protected readonly votes = inject(VoteStore);
  protected readonly min = MIN_DOTS_PER_USER;
  protected readonly max = MAX_DOTS_PER_USER;
  protected readonly dots = signal<string | number>(DEFAULT_DOTS);
  protected readonly anonymous = signal(false);
  private readonly count = computed(() => Number(this.dots()));
  protected readonly invalid = computed(() => {
    const count = this.count();
    return !Number.isInteger(count) || count < this.min || count > this.max;
  });

  /** Cancelled, or the vote started. */
  readonly closed = output<void>();

  protected async start(): Promise<void> {
    if (this.invalid() || this.votes.working()) {
      return;
    }
    if (await this.votes.start({ dotsPerUser: this.count(), anonymous: this.anonymous() })) {
      this.closed.emit();
    }
  }
}
