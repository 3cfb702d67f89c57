import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Board, BoardSnapshot, CreateNoteRequest, Note, UpdateNoteRequest } from '@contracts/boards';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;
const note = (boardId: string, noteId: string): string => `${board(boardId)}/notes/${encodeURIComponent(noteId)}`;

/** The boards and notes REST API, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class BoardsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Board[]> {
    return this.http.get<Board[]>('/api/boards');
  }

  create(title: string): Observable<Board> {
    return this.http.post<Board>('/api/boards', { title });
  }

  snapshot(boardId: string): Observable<BoardSnapshot> {
    return this.http.get<BoardSnapshot>(board(boardId));
  }

  invite(boardId: string, username: string): Observable<Board> {
    return this.http.post<Board>(`${board(boardId)}/members`, { username });
  }

  /** The caller leaves a board they do not own (the owner deletes it instead: 409). */
  leave(boardId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/members/me`);
  }

  /** Owner only: takes a member off the board. */
  removeMember(boardId: string, userId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/members/${encodeURIComponent(userId)}`);
  }

  remove(boardId: string): Observable<void> {
    return this.http.delete<void>(board(boardId));
  }

  createNote(boardId: string, body: CreateNoteRequest): Observable<Note> {
    return this.http.post<Note>(`${board(boardId)}/notes`, body);
  }

  updateNote(boardId: string, noteId: string, body: UpdateNoteRequest): Observable<Note> {
    return this.http.patch<Note>(note(boardId, noteId), body);
  }

  deleteNote(boardId: string, noteId: string, clientId: string): Observable<void> {
    return this.http.delete<void>(note(boardId, noteId), { params: { clientId } });
  }
}
