import { ChangeDetectionStrategy, Component, effect, inject, input, untracked, viewChild } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';

import { ChatPanel } from '../chat/chat-panel';
import { Toasts } from '../core/toasts';
import { ExportMenu } from '../jobs/export-menu';
import { PresenceBar } from '../presence/presence-bar';
import { PresenceStore } from '../presence/presence-store';
import { BoardCanvas } from './board-canvas';
import { BoardSettingsButton } from './board-settings-button';
import { BoardStore } from './board-store';
import { ConflictDialog } from './conflict-dialog';

/** /boards/:id — the board's notes, live. */
@Component({
  selector: 'cb-board-page',
  imports: [RouterLink, BoardCanvas, ConflictDialog, BoardSettingsButton, PresenceBar, ExportMenu, ChatPanel],
  templateUrl: './board-page.html',
  styleUrl: './board-page.css',
  providers: [BoardStore, PresenceStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage {
  protected readonly store = inject(BoardStore);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  private readonly title = inject(Title);
  private readonly canvas = viewChild(BoardCanvas);

  /** Bound from the route's :id. */
  readonly id = input.required<string>();

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.open(id));
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
