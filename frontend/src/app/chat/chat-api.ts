import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { channelId, isChannelOfKind } from '@contracts/channels';
import type { RoomChannel } from '@contracts/channels';
import type { ChatMessage, Conversation, MessagePage, PostMessageRequest } from '@contracts/chat';

import { newClientId } from '../core/client-id';
import { Outbox } from '../offline/outbox';

export const PAGE_SIZE = 50;

/** `board:<id>` → /api/boards/<id>, `conversation:<id>` → /api/conversations/<id>: the same routes under each. */
export function roomPath(room: RoomChannel): string {
  const id = encodeURIComponent(channelId(room));
  return isChannelOfKind(room, 'board') ? `/api/boards/${id}` : `/api/conversations/${id}`;
}

/** The chat REST API of boards and conversations, typed by the shared contracts. */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);
  /** Absent where no app config provides it (the stores' unit tests): messages go straight to the server. */
  private readonly outbox = inject(Outbox, { optional: true });

  /** Newest first; `before` (a page's nextBefore) asks for older messages. */
  page(room: RoomChannel, before?: string, limit = PAGE_SIZE): Observable<MessagePage> {
    let params = new HttpParams().set('limit', limit);
    if (before) {
      params = params.set('before', before);
    }
    return this.http.get<MessagePage>(`${roomPath(room)}/messages`, { params });
  }

  /** Through the outbox: a message written offline is kept and sent later. */
  post(room: RoomChannel, body: PostMessageRequest): Observable<ChatMessage> {
    const url = `${roomPath(room)}/messages`;
    if (!this.outbox) {
      return this.http.post<ChatMessage>(url, body);
    }
    const key = body.clientId ?? newClientId();
    return this.outbox.send<ChatMessage>({ scope: room, kind: 'chat.message', method: 'POST', url, body: { ...body, clientId: key }, key });
  }

  /** Our own message (or any, for a board's owner); its attachments go with it. */
  deleteMessage(room: RoomChannel, messageId: string): Observable<void> {
    return this.http.delete<void>(`${roomPath(room)}/messages/${encodeURIComponent(messageId)}`);
  }

  typing(room: RoomChannel): Observable<void> {
    return this.http.post<void>(`${roomPath(room)}/typing`, null);
  }

  /** Through the outbox too; typing notices never are (stale the moment they are late). */
  read(room: RoomChannel, messageId: string): Observable<void> {
    const url = `${roomPath(room)}/read`;
    if (!this.outbox) {
      return this.http.post<void>(url, { messageId });
    }
    return this.outbox.send<void>({ scope: room, kind: 'chat.read', method: 'POST', url, body: { messageId }, key: newClientId() });
  }

  conversations(): Observable<Conversation[]> {
    return this.http.get<Conversation[]>('/api/conversations');
  }

  conversation(id: string): Observable<Conversation> {
    return this.http.get<Conversation>(`/api/conversations/${encodeURIComponent(id)}`);
  }

  /** 201 for a new conversation, 200 for the existing one of exactly these people: the same body. */
  startConversation(usernames: string[]): Observable<Conversation> {
    return this.http.post<Conversation>('/api/conversations', { usernames });
  }
}
