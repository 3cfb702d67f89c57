import { HttpClient, HttpEventType, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, filter, map } from 'rxjs';

import type { Attachment, UploadAttachmentQuery } from '@contracts/attachments';
import type { RoomChannel } from '@contracts/channels';

/** Real bytes sent so far, then the server's answer. */
export type UploadEvent = { kind: 'progress'; loaded: number } | { kind: 'done'; attachment: Attachment };

export const attachmentUrl = (id: string): string => `/api/attachments/${encodeURIComponent(id)}`;
export const thumbnailUrl = (id: string): string => `${attachmentUrl(id)}/thumbnail`;

/** Files in chat: uploaded before the message that carries them, downloaded per membership. */
@Injectable({ providedIn: 'root' })
export class AttachmentApi {
  private readonly http = inject(HttpClient);

  /** Unsubscribing aborts the upload. The room is in the URL, so membership is checked before the body is read. */
  upload(room: RoomChannel, file: Blob, name: string, encrypted: boolean): Observable<UploadEvent> {
    const query: UploadAttachmentQuery = { room, ...(encrypted ? { encrypted: 'true' as const } : {}) };
    const form = new FormData();
    form.append('file', file, name);
    return this.http
      .post<Attachment>('/api/attachments', form, {
        params: new HttpParams({ fromObject: { ...query } }),
        reportProgress: true,
        observe: 'events',
      })
      .pipe(
        map((event): UploadEvent | null => {
          if (event.type === HttpEventType.UploadProgress) {
            return { kind: 'progress', loaded: event.loaded };
          }
          return event.type === HttpEventType.Response && event.body ? { kind: 'done', attachment: event.body } : null;
        }),
        filter((event): event is UploadEvent => event !== null),
      );
  }

  /** An encrypted conversation's stored ciphertext (of a file or of its thumbnail). */
  bytes(id: string): Observable<ArrayBuffer> {
    return this.http.get(attachmentUrl(id), { responseType: 'arraybuffer' });
  }
}
