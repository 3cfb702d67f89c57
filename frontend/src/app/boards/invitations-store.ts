import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Board, BoardInvitation } from '@contracts/boards';
import { userChannel } from '@contracts/channels';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { MembersApi } from './members-api';
import { withInvitation } from './roles';

export type InvitationsStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * The user's pending board invitations, kept current by their user channel (an answer given in
 * another tab, or a cancel by the owner, takes one away). Provided by the app shell: the bell
 * and the boards page share it.
 */
@Injectable()
export class InvitationsStore {
  private readonly api = inject(MembersApi);
  private readonly toasts = inject(Toasts);
  private readonly list = signal<readonly BoardInvitation[]>([]);
  private readonly currentStatus = signal<InvitationsStatus>('idle');
  /** Invitations with an answer under way: a second click sends nothing. */
  private readonly answering = signal<ReadonlySet<string>>(new Set());

  /** Oldest first. */
  readonly pending = this.list.asReadonly();
  readonly status = this.currentStatus.asReadonly();
  readonly busy = this.answering.asReadonly();

  constructor() {
    const user = inject(AuthStore).user();
    if (user) {
      const subscription = inject(RealtimeClient)
        .on(userChannel(user.id), 'board.invitation', 'reset')
        .subscribe((event) => {
          if (event.type === 'board.invitation') {
            this.list.update((list) => withInvitation(list, event.data.invitation));
          } else if (this.currentStatus() !== 'idle') {
            void this.load();
          }
        });
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  async load(): Promise<void> {
    if (this.currentStatus() !== 'ready') {
      this.currentStatus.set('loading');
    }
    try {
      const invitations = await firstValueFrom(this.api.myInvitations());
      this.list.set(invitations.filter((invitation) => invitation.status === 'pending'));
      this.currentStatus.set('ready');
    } catch {
      this.currentStatus.set('error');
    }
  }

  ensureLoaded(): void {
    if (this.currentStatus() === 'idle' || this.currentStatus() === 'error') {
      void this.load();
    }
  }

  isPending(invitationId: string): boolean {
    return this.list().some((invitation) => invitation.id === invitationId);
  }

  /** Joins the board; null when it failed (the user was told why). */
  async accept(invitationId: string, boardTitle: string): Promise<Board | null> {
    return this.answer(
      invitationId,
      async () => firstValueFrom(this.api.accept(invitationId)),
      (reason) => $localize`:@@boards.invitations.acceptFailed:You could not join “${boardTitle}:board:”: ${reason}:reason:`,
    );
  }

  async decline(invitationId: string, boardTitle: string): Promise<void> {
    await this.answer(
      invitationId,
      async () => {
        await firstValueFrom(this.api.decline(invitationId));
        return null;
      },
      (reason) =>
        $localize`:@@boards.invitations.declineFailed:The invitation to “${boardTitle}:board:” could not be declined: ${reason}:reason:`,
    );
  }

  private async answer(
    invitationId: string,
    request: () => Promise<Board | null>,
    failure: (reason: string) => string,
  ): Promise<Board | null> {
    if (this.answering().has(invitationId)) {
      return null;
    }
    this.answering.update((ids) => new Set(ids).add(invitationId));
    try {
      const board = await request();
      this.drop(invitationId);
      return board;
    } catch (error) {
      this.toasts.error(failure(errorMessages(error)[0]));
      // Answered elsewhere, cancelled or expired: it is no longer pending either way.
      void this.load();
      return null;
    } finally {
      this.answering.update((ids) => {
        const next = new Set(ids);
        next.delete(invitationId);
        return next;
      });
    }
  }

  private drop(invitationId: string): void {
    this.list.update((list) => list.filter((invitation) => invitation.id !== invitationId));
  }
}
