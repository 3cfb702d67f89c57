import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, LOCALE_ID, computed, inject, signal } from '@angular/core';
import { type Observable, type Subscription, tap } from 'rxjs';

import type { Attachment } from '@contracts/attachments';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '@contracts/attachments';
import type { RoomChannel } from '@contracts/channels';
import type { EncryptedAttachmentRef } from '@contracts/encryption';

import { errorCode, errorMessages } from '../core/api-error';
import { formatInteger } from '../i18n/format';
import { parseRetryAfter } from '../realtime/backoff';
import { AttachmentApi, type UploadEvent } from './attachment-api';
import { type OutgoingAttachment, outgoingAttachmentIds } from './chat-state';
import { readBytes, sealFile } from './file-cipher';
import { fileSize } from './file-size';
import { makeThumbnail } from './thumbnail';

/** The server's default per-file limit (ATTACHMENT_MAX_BYTES); the server's 413 is what counts. */
const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;

/** "10 MB" as the locale writes it. */
export function attachmentLimitLabel(locale: string): string {
  return fileSize(ATTACHMENT_LIMIT_BYTES, locale);
}

/** One file picked for the next message. */
export interface Upload {
  readonly key: number;
  readonly name: string;
  readonly size: number;
  /** `preparing`: being encrypted (and its thumbnail made) before upload. */
  readonly state: 'preparing' | 'uploading' | 'done' | 'failed';
  /** Bytes the server received so far, of `total` (ciphertext and thumbnail included). */
  readonly loaded: number;
  readonly total: number;
  readonly error: string | null;
  readonly result: OutgoingAttachment | null;
  /** Ids it may take in the message until it is uploaded: an encrypted image takes two (itself and its thumbnail). */
  readonly slots: number;
}

/** What is sent, once encrypted where the conversation is. */
interface Part {
  readonly blob: Blob;
  readonly name: string;
}

let nextKey = 0;

/**
 * The files of the message being written: each uploads as soon as it is picked, with its real
 * progress, and can be cancelled. Encrypted conversations encrypt each file (and an image's
 * thumbnail, made here) under a key of its own first. Provided by the composer.
 */
@Injectable()
export class AttachmentUploads {
  private readonly api = inject(AttachmentApi);
  private readonly locale = inject(LOCALE_ID);
  private readonly list = signal<readonly Upload[]>([]);
  private readonly running = new Map<number, Subscription>();
  private readonly cancelled = new Set<number>();

  readonly uploads = this.list.asReadonly();
  /** Every file uploaded: the message may go. */
  readonly settled = computed(() => this.list().every((upload) => upload.state === 'done' || upload.state === 'failed'));
  readonly ready = computed(() => this.list().flatMap((upload) => (upload.result ? [upload.result] : [])));
  /** Files waiting or being sent count too, so more can't be picked than one message may carry. */
  private readonly slotsTaken = computed(() =>
    this.list().reduce((sum, upload) => sum + (upload.result ? outgoingAttachmentIds([upload.result]).length : upload.slots), 0),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.clear());
  }

  /** Starts uploading; the files that don't fit in one message are left out and reported as false. */
  add(files: readonly File[], room: RoomChannel, encrypted: boolean): boolean {
    let fits = true;
    for (const file of files) {
      const slots = encrypted && file.type.startsWith('image/') ? 2 : 1;
      if (this.slotsTaken() + slots > MAX_ATTACHMENTS_PER_MESSAGE) {
        fits = false;
        continue;
      }
      const upload: Upload = {
        key: nextKey++,
        name: file.name || 'file',
        size: file.size,
        state: encrypted ? 'preparing' : 'uploading',
        loaded: 0,
        total: file.size,
        error: null,
        result: null,
        slots,
      };
      this.list.update((list) => [...list, upload]);
      void this.start(upload.key, file, room, encrypted);
    }
    return fits;
  }

  /** Stops an upload (or forgets a finished one): it won't be sent. */
  remove(key: number): void {
    this.cancelled.add(key);
    this.running.get(key)?.unsubscribe();
    this.running.delete(key);
    this.list.update((list) => list.filter((upload) => upload.key !== key));
  }

  /** The message went: the next one starts without files. */
  clear(): void {
    for (const upload of this.list()) {
      this.remove(upload.key);
    }
  }

  private async start(key: number, file: File, room: RoomChannel, encrypted: boolean): Promise<void> {
    try {
      const result = encrypted ? await this.uploadEncrypted(key, file, room) : await this.uploadPlain(key, file, room);
      this.change(key, { state: 'done', result, loaded: this.find(key)?.total ?? 0 });
    } catch (error) {
      this.change(key, { state: 'failed', error: uploadErrorMessage(error, this.locale) });
    } finally {
      this.running.delete(key);
    }
  }

  private async uploadPlain(key: number, file: File, room: RoomChannel): Promise<OutgoingAttachment> {
    const attachment = await this.send(key, room, { blob: file, name: file.name }, 0, false);
    return { attachment, ref: null };
  }

  private async uploadEncrypted(key: number, file: File, room: RoomChannel): Promise<OutgoingAttachment> {
    const thumbnail = await makeThumbnail(file);
    const sealed = await sealFile(await readBytes(file), thumbnail ? await readBytes(thumbnail.blob) : null);
    const sealedThumbnail = sealed.thumbnail;
    const total = sealed.ciphertext.byteLength + (sealedThumbnail?.ciphertext.byteLength ?? 0);
    this.change(key, { state: 'uploading', total });
    // The server learns neither the name nor the type: both travel inside the message's ciphertext.
    let thumbnailRef: EncryptedAttachmentRef['thumbnail'];
    let offset = 0;
    if (thumbnail && sealedThumbnail) {
      const stored = await this.send(key, room, { blob: new Blob([sealedThumbnail.ciphertext]), name: 'encrypted' }, 0, true);
      thumbnailRef = { id: stored.id, iv: sealedThumbnail.iv, width: thumbnail.width, height: thumbnail.height };
      offset = sealedThumbnail.ciphertext.byteLength;
    }
    const attachment = await this.send(key, room, { blob: new Blob([sealed.ciphertext]), name: 'encrypted' }, offset, true);
    const ref: EncryptedAttachmentRef = {
      id: attachment.id,
      name: file.name || 'file',
      mime: file.type || 'application/octet-stream',
      size: file.size,
      ...sealed.cipher,
      ...(thumbnailRef ? { thumbnail: thumbnailRef } : {}),
    };
    return { attachment, ref };
  }

  /** One request, its progress added after `offset` bytes already sent for this file. */
  private async send(key: number, room: RoomChannel, part: Part, offset: number, encrypted: boolean): Promise<Attachment> {
    if (this.cancelled.has(key)) {
      throw new UploadCancelled();
    }
    let answer: Attachment | undefined;
    const events: Observable<UploadEvent> = this.api.upload(room, part.blob, part.name, encrypted).pipe(
      tap((event) => {
        if (event.kind === 'progress') {
          this.change(key, { loaded: offset + event.loaded });
        } else {
          answer = event.attachment;
        }
      }),
    );
    await new Promise<void>((resolve, reject) => {
      const subscription = events.subscribe({ complete: resolve, error: reject });
      // Unsubscribed by remove(): the request is aborted and nothing settles; the upload is gone from the list.
      this.running.set(key, subscription);
    });
    if (!answer) {
      throw new UploadCancelled();
    }
    return answer;
  }

  private find(key: number): Upload | undefined {
    return this.list().find((upload) => upload.key === key);
  }

  private change(key: number, changes: Partial<Upload>): void {
    this.list.update((list) => list.map((upload) => (upload.key === key ? { ...upload, ...changes } : upload)));
  }
}

/** Removed by the user while it was being prepared: nothing is shown, the upload is gone from the list. */
class UploadCancelled extends Error {}

/** The server's refusal in words the user can act on. */
export function uploadErrorMessage(error: unknown, locale: string): string {
  if (!(error instanceof HttpErrorResponse)) {
    return $localize`:@@chat.upload.unprepared:This file could not be prepared for sending.`;
  }
  const server = serverMessage(error);
  const wait = retryIn(error, locale);
  switch (error.status) {
    case 0:
      return $localize`:@@chat.upload.offline:You are offline: files can’t be uploaded until the connection is back. Your text is kept.`;
    case 413:
      return (
        server ??
        $localize`:@@chat.upload.tooLarge:This file is too large (up to ${attachmentLimitLabel(locale)}:limit:), or your storage is full.`
      );
    case 415:
      return server ?? $localize`:@@chat.upload.unsupported:This type of file can’t be sent.`;
    case 429:
      return wait
        ? $localize`:@@chat.upload.rateLimitedFor:Too many uploads. Try again in ${wait}:seconds: s.`
        : $localize`:@@chat.upload.rateLimited:Too many uploads. Wait a moment, then try again.`;
    case 503:
      return wait
        ? $localize`:@@chat.upload.unavailableFor:Uploads are unavailable right now. Try again in ${wait}:seconds: s.`
        : $localize`:@@chat.upload.unavailable:Uploads are unavailable right now. Try again in a moment.`;
    default:
      return errorMessages(error)[0];
  }
}

function serverMessage(error: HttpErrorResponse): string | null {
  // Without a code the answer is a proxy's or a network's: the cases above say it better.
  if (errorCode(error) === undefined) {
    return null;
  }
  return errorMessages(error).join(' ');
}

/** Seconds to wait, in the locale's digits; null when the server did not say. */
function retryIn(error: HttpErrorResponse, locale: string): string | null {
  const waitMs = parseRetryAfter(error.headers.get('retry-after'));
  return waitMs === undefined ? null : formatInteger(Math.max(1, Math.ceil(waitMs / 1000)), locale);
}
