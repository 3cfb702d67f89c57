import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { canCloseVote, canFacilitate } from './facilitator';
import { StartVoteDialog } from './start-vote-dialog';
import { VoteStore } from './vote-store';

const EXCERPT = 60;

/** The strip under the board's bar while a vote runs or its results are shown. */
@Component({
  selector: 'cb-vote-status',
  imports: [StartVoteDialog],
  template: `
    <p class="visually-hidden" role="status">{{ announcement() }}</p>
    @if (votes.vote(); as vote) {
      <section
        class="vote-strip"
        [class.ended]="vote.status === 'ended'"
        aria-label="Dot vote"
        data-testid="vote-status"
        [attr.data-status]="vote.status"
      >
        @if (vote.status === 'running') {
          <span class="pill">Voting{{ vote.anonymous ? ' · anonymous' : '' }}</span>
          <span class="left" data-testid="dots-left">{{ votes.dotsLeft() }} of {{ vote.dotsPerUser }} dots left</span>
          <span class="total" data-testid="vote-total">{{ dots(vote.totalDots) }} placed by {{ people(vote.voters) }}</span>
          @if (orphanDots().length > 0) {
            <button type="button" class="btn btn-ghost orphans" data-testid="take-back-orphans" (click)="takeBackOrphans()">
              Take back {{ dots(orphanCount()) }} from deleted notes
            </button>
          }
          @if (canClose()) {
            <span class="actions">
              <button type="button" class="btn btn-ghost" data-testid="cancel-vote" [disabled]="votes.working()" (click)="votes.clear()">
                Cancel vote
              </button>
              <button type="button" class="btn btn-primary" data-testid="end-vote" [disabled]="votes.working()" (click)="votes.end()">
                End vote
              </button>
            </span>
          }
        } @else {
          <span class="pill">Results</span>
          <span class="total" data-testid="vote-total">{{ dots(vote.totalDots) }} from {{ people(vote.voters) }}</span>
          @if (results().length === 0) {
            <span class="none">No dots were placed.</span>
          } @else {
            <ol class="results" aria-label="Notes by votes, most first" data-testid="vote-results">
              @for (result of results(); track result.noteId) {
                <li>
                  <button
                    type="button"
                    class="result"
                    data-testid="vote-result-item"
                    [attr.data-note-id]="result.noteId"
                    [attr.data-dots]="result.dots"
                    [title]="result.text"
                    [attr.aria-label]="result.excerpt + ': ' + dots(result.dots)"
                    (click)="focusNote(result.noteId)"
                  >
                    <span class="count">{{ result.dots }}</span>
                    <span class="text">{{ result.excerpt }}</span>
                  </button>
                </li>
              }
            </ol>
          }
          <span class="actions">
            @if (canStart()) {
              <button type="button" class="btn btn-ghost" data-testid="new-vote" (click)="starting.set(true)">New vote</button>
            }
            @if (canClose()) {
              <button type="button" class="btn btn-ghost" data-testid="clear-vote" [disabled]="votes.working()" (click)="votes.clear()">
                Clear results
              </button>
            }
          </span>
        }
      </section>
    }
    @if (starting()) {
      <cb-start-vote-dialog (closed)="starting.set(false)" />
    }
  `,
  styles: `
    .vote-strip {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.375rem 0.875rem;
      padding: 0.5rem 1.25rem;
      font-size: 0.9375rem;
      background: var(--accent-soft);
      border-bottom: 1px solid var(--border);
    }
    .vote-strip.ended {
      background: var(--warning-soft);
      border-bottom-color: var(--warning-border);
    }
    .pill {
      padding: 0.125rem 0.625rem;
      font-size: 0.8125rem;
      font-weight: 700;
      color: #fff;
      background: var(--accent);
      border-radius: 999px;
    }
    .ended .pill {
      background: var(--warning);
    }
    .left {
      font-weight: 600;
    }
    .total,
    .none {
      color: var(--muted);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      margin-left: auto;
    }
    .orphans,
    .actions .btn {
      min-height: 2rem;
      padding: 0 0.75rem;
      font-size: 0.875rem;
    }
    .results {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .result {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      max-width: 16rem;
      padding: 0.125rem 0.5rem 0.125rem 0.125rem;
      font: inherit;
      font-size: 0.875rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border-strong);
      border-radius: 999px;
      cursor: pointer;
    }
    .result:hover {
      border-color: var(--accent);
    }
    .count {
      display: grid;
      place-items: center;
      min-width: 1.5rem;
      height: 1.5rem;
      padding: 0 0.375rem;
      font-weight: 700;
      color: #fff;
      background: var(--accent);
      border-radius: 999px;
    }
    .text {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VoteStatus {
  protected readonly votes = inject(VoteStore);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);
  private readonly document = inject(DOCUMENT);

  protected readonly starting = signal(false);
  protected readonly canStart = computed(() => canFacilitate(this.board.board(), this.auth.user()?.id));
  protected readonly canClose = computed(() => canCloseVote(this.votes.vote(), this.board.board(), this.auth.user()?.id));
  /** Said once when the vote starts or ends, never on every dot. */
  protected readonly announcement = computed(() => {
    const status = this.votes.vote()?.status;
    return status === 'running' ? 'A dot vote is running.' : status === 'ended' ? 'The vote ended. Results are shown.' : '';
  });
  /** Results, most dots first, with the note's text (notes deleted since are left out). */
  protected readonly results = computed(() => {
    const texts = new Map(this.board.notes().map((note) => [note.id, note.text]));
    return this.votes
      .ranking()
      .filter((result) => texts.has(result.noteId))
      .map((result) => {
        const text = (texts.get(result.noteId) ?? '').trim() || 'Empty note';
        return { ...result, text, excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text };
      });
  });

  /** Our dots on notes deleted since: they still count against us until taken back. */
  protected readonly orphanDots = computed(() => {
    if (this.board.status() !== 'ready') {
      return [];
    }
    const shown = new Set(this.board.notes().map((note) => note.id));
    return Object.entries(this.votes.vote()?.myDots ?? {}).filter(([noteId, count]) => count > 0 && !shown.has(noteId));
  });
  protected readonly orphanCount = computed(() => this.orphanDots().reduce((sum, [, count]) => sum + count, 0));

  protected takeBackOrphans(): void {
    for (const [noteId, count] of this.orphanDots()) {
      for (let i = 0; i < count; i++) {
        this.votes.removeDot(noteId);
      }
    }
  }

  protected dots(count: number): string {
    return `${count} ${count === 1 ? 'dot' : 'dots'}`;
  }

  protected people(count: number): string {
    return `${count} ${count === 1 ? 'person' : 'people'}`;
  }

  /** Brings the note into view and gives it focus, so the keyboard can carry on from there. */
  protected focusNote(noteId: string): void {
    const note = this.document.querySelector<HTMLElement>(`cb-sticky-note[data-note-id="${CSS.escape(noteId)}"]`);
    note?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
    note?.focus({ preventScroll: true });
  }
}
