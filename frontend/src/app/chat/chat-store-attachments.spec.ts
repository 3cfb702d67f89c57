import { type HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EMPTY, Subject } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';

import type { Attachment } from '@contracts/attachments';
import type { ChatMessage, MessagePage } from '@contracts/chat';
import type { AnyEventEnvelope } from '@contracts/events';

import type { ConnectionState } from '../realtime/realtime-client';
import type { OutgoingAttachment } from './chat-state';
import { ChatStore } from './chat-store';
import { signInForChat } from './testing/signed-in-chat';

const ROOM = 'board:b1';
const MESSAGES = '/api/boards/b1/messages';

function message(id: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return { id, roomId: ROOM, userId: 'u1', content: `message ${id}`, createdAt: '2026-01-01T10:00:00.000Z', ...changes };
}

function uploaded(id: string, changes: Partial<Attachment> = {}): Attachment {
  return { id, name: `${id}.png`, size: 1234, mime: 'image/png', sha256: 'ab'.repeat(32), ...changes };
}

describe('ChatStore: files and deletion', () => {
  let store: ChatStore;
  let http: HttpTestingController;
  let roomEvents: Subject<AnyEventEnvelope>;

  function push(data: { roomId: string; messageId: string }): void {
    roomEvents.next({
      id: '',
      channel: ROOM,
      type: 'chat.message_deleted',
      timestamp: new Date().toISOString(),
      userId: 'u2',
      data,
    });
  }

  async function open(messages: ChatMessage[] = [message('1-0'), message('2-0')]): Promise<void> {
    store.open(ROOM);
    const first: MessagePage = { messages: [...messages].reverse(), nextBefore: null };
    http.expectOne((request) => request.method === 'GET' && request.url === MESSAGES).flush(first);
    await Promise.resolve();
  }

  beforeEach(async () => {
    roomEvents = new Subject();
    localStorage.clear();
    http = await signInForChat({ channel: () => roomEvents.asObservable(), on: () => EMPTY, state: signal<ConnectionState>('live') });
    store = TestBed.inject(ChatStore);
  });

  it('sends uploaded files as attachmentIds, and shows them while the message is on its way', async () => {
    await open();
    const files: OutgoingAttachment[] = [
      { attachment: uploaded('a1', { thumbnail: { width: 320, height: 200 } }), ref: null },
      { attachment: uploaded('a2', { name: 'notes.pdf', mime: 'application/pdf' }), ref: null },
    ];

    expect(store.send('  look  ', files)).toBe(true);
    const pending = store.entries().at(-1)!;
    expect(pending.attachments.map((file) => [file.id, file.name, file.thumbnail?.width ?? null])).toEqual([
      ['a1', 'a1.png', 320],
      ['a2', 'notes.pdf', null],
    ]);
    const post = http.expectOne({ method: 'POST', url: MESSAGES });
    expect(post.request.body).toEqual({ content: 'look', attachmentIds: ['a1', 'a2'], clientId: pending.clientId });

    post.flush(message('3-0', { content: 'look', clientId: pending.clientId!, attachments: files.map((file) => file.attachment) }));
    expect(store.entries().at(-1)).toEqual(expect.objectContaining({ id: '3-0', state: 'sent' }));
    expect(
      store
        .entries()
        .at(-1)!
        .attachments.map((file) => file.id),
    ).toEqual(['a1', 'a2']);
  });

  it('sends files without text, but never nothing, nor more files than a message may carry', async () => {
    await open();
    expect(store.send('   ', [])).toBe(false);
    const tooMany = Array.from({ length: 11 }, (_, index): OutgoingAttachment => ({ attachment: uploaded(`a${index}`), ref: null }));
    expect(store.send('hi', tooMany)).toBe(false);

    expect(store.send('', [{ attachment: uploaded('a1'), ref: null }])).toBe(true);
    const post = http.expectOne({ method: 'POST', url: MESSAGES });
    expect(post.request.body).toEqual(expect.objectContaining({ content: '', attachmentIds: ['a1'] }));
    post.flush(message('3-0', { content: '', clientId: (post.request.body as { clientId: string }).clientId }));
  });

  it('drops a message deleted elsewhere, live, and only in its own room', async () => {
    await open();
    push({ roomId: 'board:other', messageId: '1-0' });
    expect(store.entries().map((entry) => entry.id)).toEqual(['1-0', '2-0']);

    push({ roomId: ROOM, messageId: '1-0' });
    expect(store.entries().map((entry) => entry.id)).toEqual(['2-0']);
    expect(store.latest()?.id).toBe('2-0');
  });

  it('deletes our message on the server and drops it at once; a refusal is told in words', async () => {
    await open();
    const refused = store.deleteMessage('2-0');
    http
      .expectOne({ method: 'DELETE', url: `${MESSAGES}/2-0` })
      .flush(
        { statusCode: 403, error: 'Forbidden', message: 'Only its author can delete a message.', code: 'not_the_author' },
        { status: 403, statusText: 'Forbidden' },
      );
    expect(await refused).toBe('Only its author (or, in a board’s chat, the board’s owner) can delete this message.');
    expect(store.entries().map((entry) => entry.id)).toEqual(['1-0', '2-0']);

    const deleted = store.deleteMessage('2-0');
    http.expectOne({ method: 'DELETE', url: `${MESSAGES}/2-0` }).flush(null, { status: 204, statusText: 'No Content' });
    expect(await deleted).toBeNull();
    expect(store.entries().map((entry) => entry.id)).toEqual(['1-0']);
    // Its event comes too: nothing more happens.
    push({ roomId: ROOM, messageId: '2-0' });
    expect(store.entries().map((entry) => entry.id)).toEqual(['1-0']);
  });

  it('takes a message already gone (404) as deleted', async () => {
    await open();
    const deleted = store.deleteMessage('1-0');
    http
      .expectOne({ method: 'DELETE', url: `${MESSAGES}/1-0` })
      .flush({ statusCode: 404, error: 'Not Found', message: 'No such message' }, { status: 404, statusText: 'Not Found' });
    expect(await deleted).toBeNull();
    expect(store.entries().map((entry) => entry.id)).toEqual(['2-0']);
  });
});
