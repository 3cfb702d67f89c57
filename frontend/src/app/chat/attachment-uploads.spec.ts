import { HttpEventType, HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Attachment } from '@contracts/attachments';
import { boardChannel, conversationChannel } from '@contracts/channels';

import { AttachmentUploads } from './attachment-uploads';
import { openFile, readBytes } from './file-cipher';

const ROOM = boardChannel('b1');
const UPLOAD = '/api/attachments';

function stored(id: string, changes: Partial<Attachment> = {}): Attachment {
  return { id, name: 'plan.pdf', size: 1000, mime: 'application/pdf', sha256: 'ab'.repeat(32), ...changes };
}

const pdf = (name = 'plan.pdf', size = 1000): File => new File([new Uint8Array(size).fill(7)], name, { type: 'application/pdf' });

describe('AttachmentUploads', () => {
  let uploads: AttachmentUploads;
  let http: HttpTestingController;

  const upload = (): TestRequest => http.expectOne((request) => request.method === 'POST' && request.url === UPLOAD);
  const only = () => uploads.uploads()[0];

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), AttachmentUploads] });
    http = TestBed.inject(HttpTestingController);
    uploads = TestBed.inject(AttachmentUploads);
  });

  afterEach(() => http.verify());

  it('uploads a file at once to its room, showing the bytes really sent, and is ready when the server answers', async () => {
    expect(uploads.add([pdf()], ROOM, false)).toBe(true);
    const request = upload();
    expect(request.request.params.get('room')).toBe('board:b1');
    expect(request.request.params.has('encrypted')).toBe(false);
    expect(request.request.reportProgress).toBe(true);
    const body = request.request.body as FormData;
    expect((body.get('file') as File).name).toBe('plan.pdf');
    expect(only()).toEqual(expect.objectContaining({ state: 'uploading', loaded: 0, total: 1000 }));
    expect(uploads.settled()).toBe(false);

    request.event({ type: HttpEventType.UploadProgress, loaded: 400, total: 1000 });
    expect(only().loaded).toBe(400);

    request.flush(stored('a1'));
    await vi.waitFor(() => expect(only().state).toBe('done'));
    expect(only().loaded).toBe(1000);
    expect(uploads.settled()).toBe(true);
    expect(uploads.ready()).toEqual([{ attachment: stored('a1'), ref: null }]);
  });

  it('cancels an upload: the request is aborted and the file is gone', () => {
    uploads.add([pdf()], ROOM, false);
    const request = upload();
    uploads.remove(only().key);
    expect(request.cancelled).toBe(true);
    expect(uploads.uploads()).toEqual([]);
    expect(uploads.settled()).toBe(true);
  });

  it('takes no more files than one message may carry', () => {
    const files = Array.from({ length: 12 }, (_, index) => pdf(`f${index}.pdf`));
    expect(uploads.add(files, ROOM, false)).toBe(false);
    expect(uploads.uploads()).toHaveLength(10);
    http.match(() => true).forEach((request) => request.flush(stored('x')));
  });

  it('counts an encrypted image twice (file and thumbnail) while it is still being prepared', () => {
    const images = Array.from({ length: 6 }, (_, index) => new File([new Uint8Array(8)], `p${index}.png`, { type: 'image/png' }));
    expect(uploads.add(images, conversationChannel('c1'), true)).toBe(false);
    expect(uploads.uploads()).toHaveLength(5);
    uploads.clear();
  });

  describe('says why the server refused a file', () => {
    async function refusedWith(status: number, body: object | null, headers: Record<string, string> = {}): Promise<string | null> {
      uploads.add([pdf()], ROOM, false);
      upload().flush(body, { status, statusText: 'Refused', headers: new HttpHeaders(headers) });
      await vi.waitFor(() => expect(only().state).toBe('failed'));
      return only().error;
    }

    it('too large, in the app’s words for the server’s code when it gives one', async () => {
      expect(await refusedWith(413, { statusCode: 413, message: 'Files are limited to 10 MB.', code: 'file_too_large' })).toBe(
        'This file is too large.',
      );
    });

    it('over the quota, in the app’s words for its code', async () => {
      expect(
        await refusedWith(413, { statusCode: 413, message: 'Your attachment quota of 10485760 bytes is used up', code: 'quota_exceeded' }),
      ).toBe('Your storage for files is full. Delete messages with files to free space.');
    });

    it('too large, with the limit when the server gives no words', async () => {
      expect(await refusedWith(413, null)).toBe('This file is too large (up to 10 MB), or your storage is full.');
    });

    it('a type that is refused', async () => {
      expect(await refusedWith(415, null)).toBe('This type of file can’t be sent.');
    });

    it('too many uploads, with how long to wait', async () => {
      expect(await refusedWith(429, { statusCode: 429, message: 'Too Many Requests' }, { 'Retry-After': '7' })).toBe(
        'Too many uploads. Try again in 7 s.',
      );
    });

    it('storage unavailable, with how long to wait', async () => {
      expect(await refusedWith(503, null, { 'Retry-After': '30' })).toBe('Uploads are unavailable right now. Try again in 30 s.');
    });

    it('offline: files can’t go, the text stays', async () => {
      uploads.add([pdf()], ROOM, false);
      upload().error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      await vi.waitFor(() => expect(only().state).toBe('failed'));
      expect(only().error).toBe('You are offline: files can’t be uploaded until the connection is back. Your text is kept.');
      expect(uploads.settled()).toBe(true);
      expect(uploads.ready()).toEqual([]);
    });
  });

  it('encrypts a file of an encrypted conversation before upload; the server gets neither its bytes nor its name', async () => {
    const room = conversationChannel('c1');
    const plaintext = new TextEncoder().encode('secret minutes of the meeting');
    uploads.add([new File([plaintext], 'minutes.txt', { type: 'text/plain' })], room, true);
    expect(only().state).toBe('preparing');

    const request = await vi.waitFor(() => upload());
    expect(request.request.params.get('room')).toBe('conversation:c1');
    expect(request.request.params.get('encrypted')).toBe('true');
    const sent = (request.request.body as FormData).get('file') as File;
    expect(sent.name).toBe('encrypted');
    const ciphertext = await readBytes(sent);
    expect(new TextDecoder().decode(ciphertext)).not.toContain('secret');
    expect(only()).toEqual(expect.objectContaining({ state: 'uploading', total: ciphertext.byteLength }));

    request.flush(stored('e1', { name: 'encrypted', mime: 'application/octet-stream', size: ciphertext.byteLength, encrypted: true }));
    await vi.waitFor(() => expect(only().state).toBe('done'));
    const ref = only().result!.ref!;
    expect(ref).toEqual(expect.objectContaining({ id: 'e1', name: 'minutes.txt', mime: 'text/plain', size: plaintext.byteLength }));
    expect(ref.thumbnail).toBeUndefined();
    expect(new TextDecoder().decode(await openFile(ref, ciphertext))).toBe('secret minutes of the meeting');
  });
});
