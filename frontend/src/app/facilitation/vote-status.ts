import { DOCUMENT, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { voteEndedText } from '../a11y/announcements';
import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { formatInteger } from '../i18n/format';
import { canCloseVote, canFacilitate } from './facilitator';
import { StartVoteDialog } from './start-vote-dialog';
import { VoteStore } from './vote-store';

const EXCERPT = 60;

/** The strip under the board's bar while a vote runs or its results are shown. */
@Component({
  selector: 'cb-vote-status',
  imports: [StartVoteDialog, DecimalPipe],
  templateUrl: './vote-status.html',
  styleUrl: './vote-status.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VoteStatus {
  protected readonly votes = inject(VoteStore);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);
  private readonly document = inject(DOCUMENT);
  private readonly locale = inject(LOCALE_ID);
  private readonly announcer = inject(Announcer);

  protected readonly starting = signal(false);
  protected readonly canStart = computed(() => canFacilitate(this.board.board(), this.auth.user()?.id));
  protected readonly canClose = computed(() => canCloseVote(this.votes.vote(), this.board.board(), this.auth.user()?.id));
  /**
   * Said once when the vote starts, never on every dot. Its end is told by the announcer, with
   * the leading note, and only live (this region would also speak for a vote read ended on arrival).
   */
  protected readonly announcement = computed(() =>
    this.votes.vote()?.status === 'running' ? $localize`:@@facilitation.vote.announceRunning:A dot vote is running.` : '',
  );
  /** Results, most dots first, with the note's text (notes deleted since are left out). */
  protected readonly results = computed(() => {
    const texts = new Map(this.board.notes().map((note) => [note.id, note.text]));
    return this.votes
      .ranking()
      .filter((result) => texts.has(result.noteId))
      .map((result) => {
        const text = (texts.get(result.noteId) ?? '').trim() || $localize`:@@facilitation.vote.emptyNote:Empty note`;
        const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
        return { ...result, text, excerpt, label: this.resultLabel(excerpt, result.dots) };
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

  constructor() {
    // Everyone hears the end as the results list shows it: its first note and its dots.
    this.votes.endings.pipe(takeUntilDestroyed()).subscribe((vote) => {
      const first = this.results()[0];
      this.announcer.news(voteEndedText(first ? { note: first.excerpt, dots: first.dots } : null, vote.totalDots, this.locale));
    });
  }

  protected takeBackOrphans(): void {
    for (const [noteId, count] of this.orphanDots()) {
      for (let i = 0; i < count; i++) {
        this.votes.removeDot(noteId);
      }
    }
  }

  /** "Retro ideas: 3 dots", read for a result's button. */
  private resultLabel(note: string, count: number): string {
    return count === 1
      ? $localize`:@@facilitation.vote.resultLabel.one:${note}:note:: 1 dot`
      : $localize`:@@facilitation.vote.resultLabel:${note}:note:: ${formatInteger(count, this.locale)}:count: dots`;
  }

  /** Brings the note into view and gives it focus, so the keyboard can carry on from there. */
  protected focusNote(noteId: string): void {
    const note = this.document.querySelector<HTMLElement>(`cb-sticky-note[data-note-id="${CSS.escape(noteId)}"]`);
    note?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
    note?.focus({ preventScroll: true });
  }
}
