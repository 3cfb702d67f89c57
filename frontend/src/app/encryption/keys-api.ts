import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  AddWrappedKeysRequest,
  ConversationKeys,
  CreateContentKeyRequest,
  Device,
  KeyRequest,
  PublishDeviceRequest,
} from '@contracts/encryption';

const conversation = (id: string): string => `/api/conversations/${encodeURIComponent(id)}`;

/** The key endpoints of end-to-end encrypted conversations: public keys and wrapped keys only. */
@Injectable({ providedIn: 'root' })
export class KeysApi {
  private readonly http = inject(HttpClient);

  publishDevice(deviceId: string, body: PublishDeviceRequest): Observable<Device> {
    return this.http.put<Device>(`/api/keys/devices/${encodeURIComponent(deviceId)}`, body);
  }

  /** Current devices; with `withRetired`, removed ones too (marked `removedAt`), which still vouch for what they signed before. */
  devices(userId: string, withRetired = false): Observable<Device[]> {
    const url = `/api/users/${encodeURIComponent(userId)}/devices`;
    return withRetired ? this.http.get<Device[]>(url, { params: { include: 'retired' } }) : this.http.get<Device[]>(url);
  }

  keys(conversationId: string, deviceId: string): Observable<ConversationKeys> {
    return this.http.get<ConversationKeys>(`${conversation(conversationId)}/keys`, { params: { deviceId } });
  }

  createKey(conversationId: string, body: CreateContentKeyRequest): Observable<unknown> {
    return this.http.post(`${conversation(conversationId)}/keys`, body);
  }

  addWrapped(conversationId: string, keyId: string, body: AddWrappedKeysRequest): Observable<unknown> {
    return this.http.post(`${conversation(conversationId)}/keys/${encodeURIComponent(keyId)}/wrapped`, body);
  }

  requestKeys(conversationId: string, body: KeyRequest): Observable<unknown> {
    return this.http.post(`${conversation(conversationId)}/key-requests`, body);
  }
}
