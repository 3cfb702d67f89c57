import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';
import { ConversationsStore } from './conversations-store';
import { liveRealtime, signInForChat } from './testing/signed-in-chat';

describe('ChatRoom in a conversation', () => {
  let http: HttpTestingController;
  let listed: { id: string; encrypted: boolean } | undefined;

  async function pickIn(conversation: { id: string; encrypted: boolean }): Promise<FormData> {
    listed = conversation;
    TestBed.inject(ChatStore).open(`conversation:${conversation.id}`);
    const fixture = TestBed.createComponent(ChatRoom);
    http.expectOne((request) => request.url === `/api/conversations/${conversation.id}/messages`).flush({ messages: [], nextBefore: null });
    await fixture.whenStable();
    const picker = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('[data-testid="chat-file-input"]')!;
    Object.defineProperty(picker, 'files', { value: [new File(['meeting notes'], 'notes.txt', { type: 'text/plain' })] });
    picker.dispatchEvent(new Event('change'));
    const upload = await vi.waitFor(() => http.expectOne((request) => request.url === '/api/attachments'));
    expect(upload.request.params.get('room')).toBe(`conversation:${conversation.id}`);
    upload.flush({ statusCode: 503, message: 'later' }, { status: 503, statusText: 'Unavailable' });
    return upload.request.body as FormData;
  }

  beforeEach(async () => {
    http = await signInForChat(liveRealtime(), [
      { provide: ConversationsStore, useValue: { find: (id: string) => (id === listed?.id ? listed : undefined) } },
    ]);
  });

  it('encrypts files of an encrypted conversation before they leave the browser', async () => {
    const body = await pickIn({ id: 'c1', encrypted: true });
    expect((body.get('file') as File).name).toBe('encrypted');
  });

  it('uploads files of an unencrypted conversation as they are', async () => {
    const body = await pickIn({ id: 'c2', encrypted: false });
    expect((body.get('file') as File).name).toBe('notes.txt');
  });
});
