import { ChangeDetectionStrategy, Component, effect, inject, input, untracked, viewChild } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';

import { KeyboardShortcuts } from '../a11y/keyboard-shortcuts';
import { ChatPanel } from '../chat/chat-panel';
import { Toasts } from '../core/toasts';
import { BoardTimer } from '../facilitation/board-timer';
import { TimerStore } from '../facilitation/timer-store';
import { VoteButton } from '../facilitation/vote-button';
import { VoteStatus } from '../facilitation/vote-status';
import { VoteStore } from '../facilitation/vote-store';
import { ExportMenu } from '../jobs/export-menu';
import { PresenceBar } from '../presence/presence-bar';
import { PresenceStore } from '../presence/presence-store';
import { ViewportStore } from '../follow/viewport-store';
import { BoardCanvas } from './board-canvas';
import { BoardSettingsButton } from './board-settings-button';
import { BoardStore } from './board-store';
import { BoardUndo } from './board-undo';
import { ConflictDialog } from './conflict-dialog';
import { HistoryPanels } from './history-panels';
import { UndoControls } from './undo-controls';

/** /boards/:id — the board's notes, live. */
@Component({
  selector: 'cb-board-page',
  imports: [
    RouterLink,
    BoardCanvas,
    ConflictDialog,
    BoardSettingsButton,
    PresenceBar,
    ExportMenu,
    ChatPanel,
    UndoControls,
    HistoryPanels,
    BoardTimer,
    VoteButton,
    VoteStatus,
    KeyboardShortcuts,
  ],
  templateUrl: './board-page.html',
  styleUrl: './board-page.css',
  providers: [BoardStore, PresenceStore, ViewportStore, BoardUndo, VoteStore, TimerStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage {
  protected readonly store = inject(BoardStore);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  private readonly title = inject(Title);
  private readonly canvas = viewChild(BoardCanvas);
  private readonly votes = inject(VoteStore);
  private readonly timer = inject(TimerStore);

  /** Bound from the route's :id. */
  readonly id = input.required<string>();

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.open(id));
    });
    // Only once the board store has joined the board's channel with its snapshot's cursor: joined
    // first, the bare channel would open a stream of its own, and the snapshot a second one.
    effect(() => {
      const boardId = this.store.board()?.id;
      if (boardId) {
        untracked(() => {
          this.votes.open(boardId);
          this.timer.open(boardId);
        });
      }
    });
    effect(() => {
      const message = this.store.gone();
      if (message) {
        untracked(() => {
          this.toasts.info(message);
          void this.router.navigateByUrl('/boards');
        });
      }
    });
    effect(() => {
      const board = this.store.board();
      if (board) {
        this.title.setTitle(`${board.title} · Corkboard`);
      }
    });
  }

  protected newNote(): void {
    this.canvas()?.createInView();
  }
}
