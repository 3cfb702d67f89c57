import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Board } from '@contracts/boards';
import type { EventMap } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { userChannel } from '../realtime/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardsApi } from './boards-api';

export type BoardsStatus = 'loading' | 'ready' | 'error';

/** The boards list: loaded once per visit, then kept current by invitations on the user's channel. */
@Injectable()
export class BoardsStore {
  private readonly api = inject(BoardsApi);
  private readonly auth = inject(AuthStore);
  private readonly list = signal<readonly Board[]>([]);
  private readonly currentStatus = signal<BoardsStatus>('loading');
  private readonly currentError = signal<string | null>(null);
  private readonly arrived = signal<ReadonlySet<string>>(new Set());

  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  /** Boards that arrived by invitation while the page was open. */
  readonly newlyShared = this.arrived.asReadonly();
  readonly userId = computed(() => this.auth.user()?.id ?? '');
  /** Newest first. */
  readonly boards = computed(() => [...this.list()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

  constructor() {
    const user = this.auth.user();
    if (user) {
      const subscription = inject(RealtimeClient)
        .on(userChannel(user.id), 'notification', 'reset')
        .subscribe((event) => (event.type === 'notification' ? this.invited(event.data) : void this.load()));
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
      const invitedMeanwhile = this.list().filter((board) => this.arrived().has(board.id) && !boards.some((known) => known.id === board.id));
      this.list.set([...boards, ...invitedMeanwhile]);
      this.currentStatus.set('ready');
    } catch (error) {
      this.currentError.set(errorMessages(error)[0]);
      this.currentStatus.set('error');
    }
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

  upsert(board: Board): void {
    this.list.update((boards) =>
      boards.some((known) => known.id === board.id) ? boards.map((known) => (known.id === board.id ? board : known)) : [...boards, board],
    );
  }

  private invited(notification: EventMap['notification']): void {
    if (notification.kind !== 'board_invite' || !notification.board) {
      return;
    }
    this.upsert(notification.board);
    this.arrived.update((ids) => new Set(ids).add(notification.boardId));
  }
}
