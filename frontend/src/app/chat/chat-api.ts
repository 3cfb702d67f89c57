import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { channelId, isChannelOfKind } from '@contracts/channels';
import type { RoomChannel } from '@contracts/channels';
import type { ChatMessage, Conversation, MessagePage, PostMessageRequest } from '@contracts/chat';

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

  /** Newest first; `before` (a page's nextBefore) asks for older messages. */
  page(room: RoomChannel, before?: string, limit = PAGE_SIZE): Observable<MessagePage> {
    let params = new HttpParams().set('limit', limit);
    if (before) {
      params = params.set('before', before);
    }
    return this.http.get<MessagePage>(`${roomPath(room)}/messages`, { params });
  }

  post(room: RoomChannel, body: PostMessageRequest): Observable<ChatMessage> {
    return this.http.post<ChatMessage>(`${roomPath(room)}/messages`, body);
  }

  typing(room: RoomChannel): Observable<void> {
    return this.http.post<void>(`${roomPath(room)}/typing`, null);
  }

  read(room: RoomChannel, messageId: string): Observable<void> {
    return this.http.post<void>(`${roomPath(room)}/read`, { messageId });
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
