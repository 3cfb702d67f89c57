import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Viewport } from '@contracts/facilitation';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;

/** Follow mode's two requests; both answer 204 and publish ephemeral events. */
@Injectable({ providedIn: 'root' })
export class ViewportApi {
  private readonly http = inject(HttpClient);

  move(boardId: string, viewport: Viewport): Observable<void> {
    return this.http.post<void>(`${board(boardId)}/viewport`, viewport);
  }

  summon(boardId: string, viewport: Viewport): Observable<void> {
    return this.http.post<void>(`${board(boardId)}/viewport/summon`, viewport);
  }
}
