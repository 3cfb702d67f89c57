import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked, viewChild } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';

import type { PublicUser } from '@contracts/api';

import { InviteForm } from '../boards/invite-form';
import { ChatPanel } from '../chat/chat-panel';
import { Toasts } from '../core/toasts';
import { BoardCanvas } from './board-canvas';
import { BoardStore } from './board-store';
import { ConflictDialog } from './conflict-dialog';

const MAX_AVATARS = 6;

/** /boards/:id — the board's notes, live. */
@Component({
  selector: 'cb-board-page',
  imports: [RouterLink, BoardCanvas, ConflictDialog, InviteForm, ChatPanel],
  templateUrl: './board-page.html',
  styleUrl: './board-page.css',
  providers: [BoardStore],
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

  protected readonly members = computed(() => this.store.board()?.members.slice(0, MAX_AVATARS) ?? []);
  protected readonly extraMembers = computed(() => Math.max(0, (this.store.board()?.members.length ?? 0) - MAX_AVATARS));

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

  protected initial(user: PublicUser): string {
    return (user.displayName || user.username).charAt(0).toUpperCase();
  }

  protected name(user: PublicUser): string {
    return user.displayName || user.username;
  }
}
