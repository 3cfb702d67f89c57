import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Board, BoardInvitation } from '@contracts/boards';
import type { EventMap } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { LastKnown, isUnreachable } from '../offline/last-known';
import { accessLossMessage } from '../realtime/access-loss';
import { userChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardsApi } from './boards-api';
import { withoutBoard, withoutMember } from './membership';
import { withRoleChanged } from './roles';

export type BoardsStatus = 'loading' | 'ready' | 'error';

const BOARDS_KEY = 'boards';

/**
 * The boards list: loaded once per visit, then kept current by the user's channel
 * (an invitation accepted in any tab adds its board; leaving or being removed takes it away).
 */
@Injectable()
export class BoardsStore {
  private readonly api = inject(BoardsApi);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);
  private readonly list = signal<readonly Board[]>([]);
  private readonly currentStatus = signal<BoardsStatus>('loading');
  private readonly currentError = signal<string | null>(null);
  private readonly arrived = signal<ReadonlySet<string>>(new Set());
  private readonly lastKnown = inject(LastKnown);
  private readonly stored = signal(false);
  private readonly realtime = inject(RealtimeClient);

  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  /** Boards joined (by invitation, in any tab) while the page was open. */
  readonly newlyShared = this.arrived.asReadonly();
  /** Shown from this browser's stored copy: the server could not be reached. */
  readonly fromCache = this.stored.asReadonly();
  readonly userId = computed(() => this.auth.user()?.id ?? '');
  /** Newest first. */
  readonly boards = computed(() => [...this.list()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

  constructor() {
    effect(() => {
      const boards = this.list();
      if (this.currentStatus() === 'ready') {
        untracked(() => this.lastKnown.saveSoon(BOARDS_KEY, () => boards));
      }
    });
    // Shown from storage: load the real list once the stream is back.
    effect(() => {
      if (this.stored() && this.realtime.state() === 'live') {
        untracked(() => void this.load());
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.lastKnown.flush(BOARDS_KEY);
      this.lastKnown.markStale(BOARDS_KEY, false);
    });
    const user = this.auth.user();
    if (user) {
      const subscription = this.realtime
        .on(userChannel(user.id), 'board.invitation', 'board.role_changed', 'board.member_removed', 'board.deleted', 'reset')
        .subscribe((event) => {
          if (event.type === 'board.invitation') {
            this.invitationAnswered(event.data.invitation);
          } else if (event.type === 'board.role_changed') {
            const change = event.data;
            this.list.update((boards) => boards.map((board) => (board.id === change.boardId ? withRoleChanged(board, change) : board)));
          } else if (event.type === 'board.member_removed') {
            this.memberRemoved(event.data);
          } else if (event.type === 'board.deleted') {
            this.boardDeleted(event.data.boardId);
          } else {
            void this.load();
          }
        });
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  async load(): Promise<void> {
    if (this.list().length === 0) {
      this.currentStatus.set('loading');
    }
    this.currentError.set(null);
    try {
      const boards = await firstValueFrom(this.api.list());
      // An invitation that arrived while the list was in flight may be missing from it.
      const invitedMeanwhile = this.list().filter(
        (board) => this.arrived().has(board.id) && !boards.some((known) => known.id === board.id),
      );
      this.list.set([...boards, ...invitedMeanwhile]);
      this.currentStatus.set('ready');
      this.markStored(false);
    } catch (error) {
      const stored = isUnreachable(error) ? await this.lastKnown.read<Board[]>(BOARDS_KEY) : undefined;
      if (stored) {
        // What arrived by invitation meanwhile stays; the stored list fills in the rest.
        this.list.update((shown) => [...stored.filter((board) => !shown.some((known) => known.id === board.id)), ...shown]);
        this.currentStatus.set('ready');
        this.markStored(true);
        return;
      }
      this.currentError.set(errorMessages(error)[0]);
      this.currentStatus.set('error');
    }
  }

  private markStored(stored: boolean): void {
    this.stored.set(stored);
    this.lastKnown.markStale(BOARDS_KEY, stored);
  }

  /** Rejects with the server's error; the caller shows it. */
  async create(title: string): Promise<Board> {
    const board = await firstValueFrom(this.api.create(title));
    this.upsert(board);
    return board;
  }

  async remove(boardId: string): Promise<void> {
    await firstValueFrom(this.api.remove(boardId));
    this.list.update((boards) => boards.filter((board) => board.id !== boardId));
  }

  /** Rejects with the server's error (409 for the owner, who deletes the board instead). */
  async leave(boardId: string): Promise<void> {
    await firstValueFrom(this.api.leave(boardId));
    this.drop(boardId);
  }

  /** Joined from this page: listed at once, marked new. */
  joined(board: Board): void {
    this.arrived.update((ids) => new Set(ids).add(board.id));
    this.upsert(board);
  }

  upsert(board: Board): void {
    this.list.update((boards) =>
      boards.some((known) => known.id === board.id) ? boards.map((known) => (known.id === board.id ? board : known)) : [...boards, board],
    );
  }

  private memberRemoved({ boardId, userId, reason }: EventMap['board.member_removed']): void {
    if (userId !== this.userId()) {
      this.list.update((boards) => boards.map((board) => (board.id === boardId ? withoutMember(board, userId) : board)));
      return;
    }
    const board = this.list().find((known) => known.id === boardId);
    if (board) {
      this.drop(boardId);
      // Told in every tab: the board vanishing from under the pointer needs a reason.
      this.toasts.info(accessLossMessage(reason, board.title));
    }
  }

  /** The tab that deleted the board dropped it already; every other tab is told why it vanished. */
  private boardDeleted(boardId: string): void {
    const board = this.list().find((known) => known.id === boardId);
    if (board) {
      this.drop(boardId);
      this.toasts.info(
        board.ownerId === this.userId()
          ? $localize`:@@boards.toast.deleted:“${board.title}:board:” was deleted.`
          : accessLossMessage('board_deleted', board.title),
      );
    }
  }

  private drop(boardId: string): void {
    this.list.update((boards) => withoutBoard(boards, boardId));
    if (this.arrived().has(boardId)) {
      this.arrived.update((ids) => {
        const next = new Set(ids);
        next.delete(boardId);
        return next;
      });
    }
  }

  /** Accepted here or in another tab: the board is ours now, so the list is fetched again to show it. */
  private invitationAnswered(invitation: BoardInvitation): void {
    if (invitation.status !== 'accepted' || invitation.invitee.id !== this.userId()) {
      return;
    }
    this.arrived.update((ids) => new Set(ids).add(invitation.boardId));
    void this.load();
  }
}
