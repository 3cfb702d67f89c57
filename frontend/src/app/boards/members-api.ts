import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  AssignableRole,
  Board,
  BoardInvitation,
  CreateInviteLinkRequest,
  CreatedInviteLink,
  InviteLink,
  InviteLinkPreview,
} from '@contracts/boards';

const board = (id: string): string => `/api/boards/${encodeURIComponent(id)}`;
const id = encodeURIComponent;

/** Members, roles, invitations and invite links: the REST API, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class MembersApi {
  private readonly http = inject(HttpClient);

  /** Owner only: a pending invitation; the user joins when they accept it. */
  invite(boardId: string, username: string, role: AssignableRole): Observable<BoardInvitation> {
    return this.http.post<BoardInvitation>(`${board(boardId)}/members`, { username, role });
  }

  changeRole(boardId: string, userId: string, role: AssignableRole): Observable<Board> {
    return this.http.patch<Board>(`${board(boardId)}/members/${id(userId)}`, { role });
  }

  transferOwnership(boardId: string, userId: string): Observable<Board> {
    return this.http.post<Board>(`${board(boardId)}/owner`, { userId });
  }

  /** Owner only: the board's pending invitations. */
  boardInvitations(boardId: string): Observable<BoardInvitation[]> {
    return this.http.get<BoardInvitation[]>(`${board(boardId)}/invitations`);
  }

  cancelInvitation(boardId: string, invitationId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/invitations/${id(invitationId)}`);
  }

  /** The caller's own pending invitations. */
  myInvitations(): Observable<BoardInvitation[]> {
    return this.http.get<BoardInvitation[]>('/api/invitations');
  }

  accept(invitationId: string): Observable<Board> {
    return this.http.post<Board>(`/api/invitations/${id(invitationId)}/accept`, {});
  }

  decline(invitationId: string): Observable<void> {
    return this.http.post<void>(`/api/invitations/${id(invitationId)}/decline`, {});
  }

  createLink(boardId: string, request: CreateInviteLinkRequest): Observable<CreatedInviteLink> {
    return this.http.post<CreatedInviteLink>(`${board(boardId)}/invite-links`, request);
  }

  links(boardId: string): Observable<InviteLink[]> {
    return this.http.get<InviteLink[]>(`${board(boardId)}/invite-links`);
  }

  revokeLink(boardId: string, linkId: string): Observable<void> {
    return this.http.delete<void>(`${board(boardId)}/invite-links/${id(linkId)}`);
  }

  previewLink(token: string): Observable<InviteLinkPreview> {
    return this.http.get<InviteLinkPreview>(`/api/invite-links/${id(token)}`);
  }

  acceptLink(token: string): Observable<Board> {
    return this.http.post<Board>(`/api/invite-links/${id(token)}/accept`, {});
  }
}
