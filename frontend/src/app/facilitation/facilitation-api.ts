import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { StartVoteRequest, TimerCommand, TimerState, VoteState, VoteView } from '@contracts/facilitation';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;

/** Dot voting and the shared timer, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class FacilitationApi {
  private readonly http = inject(HttpClient);

  vote(boardId: string): Observable<VoteState> {
    return this.http.get<VoteState>(`${board(boardId)}/vote`);
  }

  startVote(boardId: string, request: StartVoteRequest): Observable<VoteView> {
    return this.http.post<VoteView>(`${board(boardId)}/vote`, request);
  }

  addDot(boardId: string, noteId: string): Observable<VoteView> {
    return this.http.post<VoteView>(`${board(boardId)}/vote/dots`, { noteId });
  }

  removeDot(boardId: string, noteId: string): Observable<VoteView> {
    return this.http.delete<VoteView>(`${board(boardId)}/vote/dots/${encodeURIComponent(noteId)}`);
  }

  endVote(boardId: string): Observable<VoteView> {
    return this.http.post<VoteView>(`${board(boardId)}/vote/end`, {});
  }

  /** Cancels a running vote or clears an ended one's results. */
  clearVote(boardId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/vote`);
  }

  timer(boardId: string): Observable<TimerState> {
    return this.http.get<TimerState>(`${board(boardId)}/timer`);
  }

  commandTimer(boardId: string, command: TimerCommand): Observable<TimerState> {
    return this.http.post<TimerState>(`${board(boardId)}/timer`, command);
  }
}
