import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { ActivityPage, Note, TrashedNote, UpdateNoteRequest } from '@contracts/boards';

import { newClientId } from '../core/client-id';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;

/**
 * Undo's writes, the trash and the activity feed. Straight to the server, never through the
 * offline outbox: an undo replayed later could undo something else, so it needs the network now.
 */
@Injectable({ providedIn: 'root' })
export class HistoryApi {
  private readonly http = inject(HttpClient);

  updateNote(boardId: string, noteId: string, body: UpdateNoteRequest): Observable<Note> {
    return this.http.patch<Note>(`${board(boardId)}/notes/${encodeURIComponent(noteId)}`, { ...body, clientId: newClientId() });
  }

  deleteNote(boardId: string, noteId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/notes/${encodeURIComponent(noteId)}`, { params: { clientId: newClientId() } });
  }

  trash(boardId: string): Observable<TrashedNote[]> {
    return this.http.get<TrashedNote[]>(`${board(boardId)}/trash`);
  }

  /** Brings a note back with its original id (editors and the owner). */
  restore(boardId: string, noteId: string): Observable<Note> {
    return this.http.post<Note>(`${board(boardId)}/trash/${encodeURIComponent(noteId)}/restore`, null);
  }

  /** Owner only. */
  emptyTrash(boardId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/trash`);
  }

  activity(boardId: string, before?: string): Observable<ActivityPage> {
    return this.http.get<ActivityPage>(`${board(boardId)}/activity`, { params: before ? { before } : {} });
  }
}
