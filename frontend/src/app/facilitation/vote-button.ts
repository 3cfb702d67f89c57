import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { canFacilitate } from './facilitator';
import { StartVoteDialog } from './start-vote-dialog';
import { VoteStore } from './vote-store';

/** "Start vote" in the board's bar, for editors and the owner while no vote runs. */
@Component({
  selector: 'cb-vote-button',
  imports: [StartVoteDialog],
  template: `
    @if (shown()) {
      <button type="button" class="btn btn-ghost" data-testid="start-vote" (click)="starting.set(true)">
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="6" cy="7" r="2.5" fill="currentColor" />
          <circle cx="14" cy="7" r="2.5" fill="currentColor" />
          <circle cx="10" cy="14" r="2.5" fill="currentColor" />
        </svg>
        <span class="label" i18n="@@facilitation.vote.start">Start vote</span>
      </button>
    }
    @if (starting()) {
      <cb-start-vote-dialog (closed)="starting.set(false)" />
    }
  `,
  styles: `
    .btn {
      min-height: 2.25rem;
    }
    svg {
      width: 1rem;
      height: 1rem;
    }
    @media (max-width: 480px) {
      .label {
        display: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VoteButton {
  private readonly votes = inject(VoteStore);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);

  protected readonly starting = signal(false);
  protected readonly shown = computed(() => !this.votes.running() && canFacilitate(this.board.board(), this.auth.user()?.id));
}
