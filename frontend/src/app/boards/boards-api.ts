import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Board, BoardSnapshot, CreateNoteRequest, Note, UpdateNoteRequest } from '@contracts/boards';
import { boardChannel } from '@contracts/channels';

import { newClientId } from '../core/client-id';
import { Outbox } from '../offline/outbox';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;
const note = (boardId: string, noteId: string): string => `${board(boardId)}/notes/${encodeURIComponent(noteId)}`;

/** The boards and notes REST API, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class BoardsApi {
  private readonly http = inject(HttpClient);
  /** Absent where no app config provides it (the stores' unit tests): notes are written straight to the server. */
  private readonly outbox = inject(Outbox, { optional: true });

  list(): Observable<Board[]> {
    return this.http.get<Board[]>('/api/boards');
  }

  create(title: string): Observable<Board> {
    return this.http.post<Board>('/api/boards', { title });
  }

  snapshot(boardId: string): Observable<BoardSnapshot> {
    return this.http.get<BoardSnapshot>(board(boardId));
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

  // Note writes go through the outbox: kept and sent later when the server cannot be reached.

  createNote(boardId: string, body: CreateNoteRequest): Observable<Note> {
    const url = `${board(boardId)}/notes`;
    if (!this.outbox) {
      return this.http.post<Note>(url, body);
    }
    const key = body.clientId ?? newClientId();
    return this.outbox.send<Note>({
      scope: boardChannel(boardId),
      kind: 'note.create',
      method: 'POST',
      url,
      body: { ...body, clientId: key },
      key,
    });
  }

  updateNote(boardId: string, noteId: string, body: UpdateNoteRequest): Observable<Note> {
    const url = note(boardId, noteId);
    if (!this.outbox) {
      return this.http.patch<Note>(url, body);
    }
    const key = body.clientId ?? newClientId();
    return this.outbox.send<Note>({
      scope: boardChannel(boardId),
      kind: 'note.update',
      method: 'PATCH',
      url,
      body: { ...body, clientId: key },
      key,
    });
  }

  deleteNote(boardId: string, noteId: string, clientId: string): Observable<void> {
    if (!this.outbox) {
      return this.http.delete<void>(note(boardId, noteId), { params: { clientId } });
    }
    const url = `${note(boardId, noteId)}?clientId=${encodeURIComponent(clientId)}`;
    return this.outbox.send<void>({ scope: boardChannel(boardId), kind: 'note.delete', method: 'DELETE', url, body: null, key: clientId });
  }
}
