import { HttpEventType } from '@angular/common/http';
import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Attachment } from '@contracts/attachments';
import type { ChatMessage } from '@contracts/chat';
import type { AnyEventEnvelope } from '@contracts/events';

import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';
import { alice, liveRealtime, signInForChat } from './testing/signed-in-chat';

const bob = { id: 'u2', username: 'bob', displayName: 'Bob Stone' };
const MESSAGES = '/api/boards/b1/messages';

function message(id: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return { id, roomId: 'board:b1', userId: 'u2', content: `message ${id}`, createdAt: new Date().toISOString(), ...changes };
}

const photo: Attachment = {
  id: 'a1',
  name: 'beach.png',
  size: 20_480,
  mime: 'image/png',
  sha256: 'ab'.repeat(32),
  thumbnail: { width: 320, height: 180 },
};
const report: Attachment = { id: 'a2', name: 'report.pdf', size: 1_572_864, mime: 'application/pdf', sha256: 'cd'.repeat(32) };

describe('ChatRoom: files and deleting', () => {
  let fixture: ComponentFixture<ChatRoom>;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let root: HTMLElement;

  const all = (testId: string, within: ParentNode = root): HTMLElement[] => [
    ...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`),
  ];
  const one = (testId: string, within: ParentNode = root): HTMLElement => all(testId, within)[0];
  const sendButton = (): HTMLButtonElement => one('chat-send') as HTMLButtonElement;

  async function pick(...files: File[]): Promise<void> {
    const picker = one('chat-file-input') as HTMLInputElement;
    Object.defineProperty(picker, 'files', { value: files, configurable: true });
    picker.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    events = new Subject();
    http = await signInForChat(liveRealtime(events.asObservable()));
    localStorage.clear();

    TestBed.inject(ChatStore).open('board:b1');
    fixture = TestBed.createComponent(ChatRoom);
    fixture.componentRef.setInput('members', [alice, bob]);
    root = fixture.nativeElement as HTMLElement;
    http
      .expectOne((request) => request.url === MESSAGES)
      .flush({
        messages: [
          message('2-0', { userId: 'u1', content: 'mine' }),
          message('1-0', { content: 'have a look', attachments: [photo, report] }),
        ],
        nextBefore: null,
      });
    await fixture.whenStable();
  });

  it('uploads a picked file with its progress, and sends its id once it is uploaded', async () => {
    expect(one('chat-attach').getAttribute('aria-label')).toContain('up to 10 MB');
    await pick(new File([new Uint8Array(2048)], 'plan.pdf', { type: 'application/pdf' }));
    const upload = http.expectOne((request) => request.method === 'POST' && request.url === '/api/attachments');
    upload.event({ type: HttpEventType.UploadProgress, loaded: 1024, total: 2048 });
    await fixture.whenStable();

    expect(one('chat-upload').textContent).toContain('plan.pdf');
    expect((one('chat-upload').querySelector('progress') as HTMLProgressElement).value).toBe(50);
    expect(sendButton().disabled).toBe(true);

    upload.flush({ id: 'u9', name: 'plan.pdf', size: 2048, mime: 'application/pdf', sha256: 'ee'.repeat(32) } satisfies Attachment);
    await vi.waitFor(() => expect(one('chat-upload').getAttribute('data-state')).toBe('done'));
    await fixture.whenStable();
    expect(sendButton().disabled).toBe(false);

    sendButton().click();
    await fixture.whenStable();
    const post = http.expectOne({ method: 'POST', url: MESSAGES });
    expect(post.request.body).toEqual(expect.objectContaining({ content: '', attachmentIds: ['u9'] }));
    expect(all('chat-upload')).toHaveLength(0);
    expect(all('chat-attachment-name', all('chat-message').at(-1)).map((element) => element.textContent)).toEqual(['plan.pdf']);
  });

  it('keeps the text when a file can’t be uploaded, and says why', async () => {
    const field = one('chat-input') as HTMLTextAreaElement;
    field.value = 'the plan';
    field.dispatchEvent(new Event('input'));
    await pick(new File(['x'], 'huge.bin'));
    http
      .expectOne((request) => request.url === '/api/attachments')
      .flush({ statusCode: 413, message: 'Files are limited to 10 MB.' }, { status: 413, statusText: 'Payload Too Large' });
    await vi.waitFor(() =>
      expect(one('chat-upload-error')?.textContent).toContain('This file is too large (up to 10 MB), or your storage is full.'),
    );
    await fixture.whenStable();
    expect(sendButton().disabled).toBe(true);
    expect(field.value).toBe('the plan');

    one('chat-upload-remove').click();
    await fixture.whenStable();
    expect(sendButton().disabled).toBe(false);
  });

  it('shows an image’s server thumbnail at its size, named by the file, and a download for each file', () => {
    const [received] = all('chat-message');
    const thumbnail = one('chat-thumbnail', received) as HTMLImageElement;
    expect(thumbnail.getAttribute('src')).toBe('/api/attachments/a1/thumbnail');
    expect([thumbnail.getAttribute('width'), thumbnail.getAttribute('height'), thumbnail.alt]).toEqual(['320', '180', 'beach.png']);
    expect(all('chat-attachment-download', received).map((link) => link.getAttribute('href'))).toEqual([
      '/api/attachments/a1',
      '/api/attachments/a2',
    ]);
    expect(received.textContent).toContain('report.pdf');
    expect(received.textContent).toContain('1.5 MB');
  });

  it('deletes our own message after a confirmation, and only ours', async () => {
    const [theirs, mine] = all('chat-message');
    expect(all('chat-delete', theirs)).toHaveLength(0);

    one('chat-delete', mine).click();
    await fixture.whenStable();
    const confirm = one('chat-delete-confirm', mine);
    expect(document.activeElement).toBe(confirm);
    expect(http.match({ method: 'DELETE' })).toHaveLength(0);

    confirm.click();
    http.expectOne({ method: 'DELETE', url: `${MESSAGES}/2-0` }).flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => expect(all('chat-message')).toHaveLength(1));
    expect(all('chat-content').map((element) => element.textContent?.trim())).toEqual(['have a look']);
  });

  it('removes a message deleted by its author elsewhere', async () => {
    events.next({
      id: '',
      channel: 'board:b1',
      type: 'chat.message_deleted',
      timestamp: new Date().toISOString(),
      userId: 'u2',
      data: { roomId: 'board:b1', messageId: '1-0' },
    });
    await fixture.whenStable();
    expect(all('chat-content').map((element) => element.textContent?.trim())).toEqual(['mine']);
    expect(all('chat-attachment')).toHaveLength(0);
  });
});
