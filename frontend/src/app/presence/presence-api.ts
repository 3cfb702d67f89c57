import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { BoardPresence, CursorRequest, PresenceStatus } from '@contracts/presence';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;

/** Presence, statuses and live cursors, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class PresenceApi {
  private readonly http = inject(HttpClient);

  presence(boardId: string): Observable<BoardPresence> {
    return this.http.get<BoardPresence>(`${board(boardId)}/presence`);
  }

  setStatus(status: PresenceStatus): Observable<void> {
    return this.http.post<void>('/api/presence/status', { status });
  }

  cursor(boardId: string, position: CursorRequest): Observable<void> {
    return this.http.post<void>(`${board(boardId)}/cursor`, position);
  }
}
