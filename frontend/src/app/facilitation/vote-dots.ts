import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject, input } from '@angular/core';

import { formatInteger } from '../i18n/format';
import { VoteStore } from './vote-store';

/** Most dots drawn on a note; beyond it a number says the rest. */
const MAX_DRAWN = 10;

/**
 * A note's part in the board's vote: while it runs, the user's own dots with add and remove
 * (and the note's total for a named vote); once it ended, the note's result.
 */
@Component({
  selector: 'cb-vote-dots',
  imports: [DecimalPipe],
  template: `
    @if (votes.vote(); as vote) {
      @if (vote.status === 'running') {
        <span
          class="dots"
          role="group"
          aria-label="Your dots on this note: {{ mine() | number }}"
          i18n-aria-label="@@facilitation.dots.mine"
          data-testid="vote-dots"
          [attr.data-mine]="mine()"
        >
          <button
            type="button"
            class="dot-button"
            data-testid="remove-dot"
            aria-label="Take one of your dots off this note"
            i18n-aria-label="@@facilitation.dots.remove"
            title="Take a dot off"
            i18n-title="@@facilitation.dots.removeShort"
            [disabled]="mine() === 0"
            (click)="votes.removeDot(noteId())"
          >
            −
          </button>
          @for (dot of drawn(); track $index) {
            <span class="dot mine" aria-hidden="true"></span>
          }
          @if (mine() > drawn().length) {
            <span class="more" aria-hidden="true">+{{ mine() - drawn().length | number }}</span>
          }
          <button
            type="button"
            class="dot-button add"
            data-testid="add-dot"
            aria-label="Place a dot on this note"
            i18n-aria-label="@@facilitation.dots.add"
            title="Place a dot"
            i18n-title="@@facilitation.dots.addShort"
            [attr.aria-disabled]="votes.dotsLeft() === 0 ? 'true' : null"
            (click)="votes.addDot(noteId())"
          >
            +
          </button>
          @if (noteTotal() !== null) {
            <span class="total" data-testid="note-dot-total" [attr.aria-label]="totalLabel()">{{ noteTotal() | number }}</span>
          }
        </span>
      } @else if (noteTotal()) {
        <span class="result" data-testid="vote-result" [attr.data-dots]="noteTotal()" [attr.aria-label]="resultLabel()">
          <span class="dot" aria-hidden="true"></span>{{ noteTotal() | number }}
        </span>
      }
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .dots,
    .result {
      display: inline-flex;
      align-items: center;
      gap: 0.1875rem;
    }
    .dot {
      display: inline-block;
      width: 0.625rem;
      height: 0.625rem;
      background: var(--accent);
      border-radius: 50%;
      box-shadow: 0 0 0 1.5px rgb(255 255 255 / 0.8);
    }
    .dot-button {
      display: grid;
      place-items: center;
      width: 1.375rem;
      height: 1.375rem;
      padding: 0;
      font: inherit;
      font-weight: 700;
      line-height: 1;
      color: inherit;
      background: rgb(255 255 255 / 0.55);
      border: 1px solid rgb(0 0 0 / 0.18);
      border-radius: 50%;
      cursor: pointer;
    }
    .dot-button:disabled,
    .dot-button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.45;
    }
    .dot-button.add {
      color: #fff;
      background: var(--accent);
      border-color: transparent;
    }
    .more,
    .total {
      font-size: 0.75rem;
      font-weight: 700;
    }
    .total {
      margin-inline-start: 0.25rem;
      padding: 0 0.375rem;
      background: rgb(255 255 255 / 0.6);
      border-radius: 999px;
    }
    .result {
      gap: 0.3125rem;
      padding-block: 0.0625rem;
      padding-inline: 0.375rem 0.5rem;
      font-size: 0.8125rem;
      font-weight: 700;
      color: #fff;
      background: var(--accent);
      border-radius: 999px;
    }
    .result .dot {
      background: #fff;
      box-shadow: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VoteDots {
  protected readonly votes = inject(VoteStore);
  private readonly locale = inject(LOCALE_ID);

  readonly noteId = input.required<string>();

  protected readonly mine = computed(() => this.votes.vote()?.myDots[this.noteId()] ?? 0);
  protected readonly drawn = computed(() => Array.from({ length: Math.min(this.mine(), MAX_DRAWN) }));
  /** The note's total, when the vote lets this user see it (named, or ended); null otherwise. */
  protected readonly noteTotal = computed(() => {
    const vote = this.votes.vote();
    if (!vote?.results) {
      return null;
    }
    return vote.results[this.noteId()] ?? 0;
  });
  protected readonly totalLabel = computed(() => {
    const count = this.noteTotal() ?? 0;
    return count === 1
      ? $localize`:@@facilitation.dots.total.one:1 dot in all`
      : $localize`:@@facilitation.dots.total:${formatInteger(count, this.locale)}:count: dots in all`;
  });
  protected readonly resultLabel = computed(() => {
    const count = this.noteTotal() ?? 0;
    return count === 1
      ? $localize`:@@facilitation.dots.result.one:Vote result: 1 dot`
      : $localize`:@@facilitation.dots.result:Vote result: ${formatInteger(count, this.locale)}:count: dots`;
  });
}
