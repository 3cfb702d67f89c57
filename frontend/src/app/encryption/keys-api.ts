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

  devices(userId: string): Observable<Device[]> {
    return this.http.get<Device[]>(`/api/users/${encodeURIComponent(userId)}/devices`);
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
