import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { PublicUser } from '@contracts/api';
import type { Board } from '@contracts/boards';

import { errorMessages } from '../core/api-error';
import { FormErrors } from '../core/form-errors';
import { Toasts } from '../core/toasts';
import { ExportMenu } from '../jobs/export-menu';
import { BoardsStore } from './boards-store';
import { InviteForm } from './invite-form';
import { PendingInvitations } from './pending-invitations';

const TITLE_MAX = 100;
const MAX_AVATARS = 5;

/** My boards: create one, open one, invite people to the ones I own, leave the ones I was invited to. */
@Component({
  selector: 'cb-boards-page',
  imports: [RouterLink, DecimalPipe, FormErrors, InviteForm, ExportMenu, PendingInvitations],
  templateUrl: './boards-page.html',
  styleUrl: './boards-page.css',
  providers: [BoardsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardsPage {
  protected readonly store = inject(BoardsStore);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);

  protected readonly titleMax = TITLE_MAX;
  protected readonly title = signal('');
  protected readonly creating = signal(false);
  protected readonly createErrors = signal<string[]>([]);
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly deleting = signal<string | null>(null);
  protected readonly confirmingLeave = signal<string | null>(null);
  protected readonly leaving = signal<string | null>(null);
  protected readonly skeletons = [1, 2, 3];

  constructor() {
    void this.store.load();
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const title = this.title().trim();
    if (this.creating()) {
      return;
    }
    if (!title) {
      this.createErrors.set([$localize`:@@boards.create.titleRequired:Give the board a title.`]);
      return;
    }
    this.creating.set(true);
    this.createErrors.set([]);
    try {
      const board = await this.store.create(title);
      this.title.set('');
      await this.router.navigate(['/boards', board.id]);
    } catch (error) {
      this.createErrors.set(errorMessages(error));
    } finally {
      this.creating.set(false);
    }
  }

  protected async remove(board: Board): Promise<void> {
    this.deleting.set(board.id);
    try {
      await this.store.remove(board.id);
      this.toasts.info($localize`:@@boards.toast.deleted:“${board.title}:board:” was deleted.`);
    } catch (error) {
      this.toasts.error(
        $localize`:@@boards.toast.deleteFailed:“${board.title}:board:” could not be deleted: ${errorMessages(error)[0]}:reason:`,
      );
    } finally {
      this.deleting.set(null);
      this.confirmingDelete.set(null);
    }
  }

  protected async leave(board: Board): Promise<void> {
    this.leaving.set(board.id);
    try {
      await this.store.leave(board.id);
      this.toasts.info($localize`:@@boards.toast.left:You left “${board.title}:board:”.`);
    } catch (error) {
      this.toasts.error(
        $localize`:@@boards.toast.leaveFailed:You could not leave “${board.title}:board:”: ${errorMessages(error)[0]}:reason:`,
      );
    } finally {
      this.leaving.set(null);
      this.confirmingLeave.set(null);
    }
  }

  protected async joined(board: Board): Promise<void> {
    this.store.joined(board);
    await this.router.navigate(['/boards', board.id]);
  }

  protected editTitle(value: string): void {
    this.title.set(value);
    this.createErrors.set([]);
  }

  protected owner(board: Board): PublicUser | undefined {
    return board.members.find((member) => member.id === board.ownerId);
  }

  protected avatars(board: Board): PublicUser[] {
    return board.members.slice(0, MAX_AVATARS);
  }

  protected extraMembers(board: Board): number {
    return Math.max(0, board.members.length - MAX_AVATARS);
  }

  protected initial(user: PublicUser): string {
    return (user.displayName || user.username).charAt(0).toUpperCase();
  }

  protected name(user: PublicUser | undefined): string {
    return user ? user.displayName || user.username : $localize`:@@boards.card.someone:someone`;
  }
}
