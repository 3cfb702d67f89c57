import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessage } from '@contracts/chat';
import type { AnyEventEnvelope } from '@contracts/events';

import { ChatRoom } from './chat-room';
import { ChatStore } from './chat-store';
import { alice, liveRealtime, signInForChat } from './testing/signed-in-chat';

const bob = { id: 'u2', username: 'bob', displayName: 'Bob Stone' };
const bobby = { id: 'u3', username: 'bobby', displayName: 'Roberta' };
const MESSAGES = '/api/boards/b1/messages';

function message(id: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return { id, roomId: 'board:b1', userId: 'u2', content: `message ${id}`, createdAt: new Date().toISOString(), ...changes };
}

describe('ChatRoom', () => {
  let fixture: ComponentFixture<ChatRoom>;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let root: HTMLElement;

  const input = (): HTMLTextAreaElement => root.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement;
  const all = (testId: string): HTMLElement[] => [...root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
  const key = (name: string, init: KeyboardEventInit = {}): void => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init }));
  };
  async function type(text: string): Promise<void> {
    input().value = text;
    input().setSelectionRange(text.length, text.length);
    input().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    events = new Subject();
    http = await signInForChat(liveRealtime(events.asObservable()));
    localStorage.clear();

    TestBed.inject(ChatStore).open('board:b1');
    fixture = TestBed.createComponent(ChatRoom);
    fixture.componentRef.setInput('members', [alice, bob, bobby]);
    root = fixture.nativeElement as HTMLElement;
    http
      .expectOne((request) => request.url === MESSAGES)
      .flush({ messages: [message('2-0', { content: 'hi @alice and @bob' }), message('1-0')], nextBefore: null });
    await fixture.whenStable();
  });

  it('shows messages oldest first, with authors and mentions highlighted as text', () => {
    expect(all('chat-content').map((element) => element.textContent?.trim())).toEqual(['message 1-0', 'hi @alice and @bob']);
    expect(all('chat-author').map((element) => element.textContent)).toEqual(['Bob Stone']);
    const mentions = [...root.querySelectorAll('.mention')].map((element) => [element.textContent, element.classList.contains('me')]);
    expect(mentions).toEqual([
      ['@alice', true],
      ['@bob', false],
    ]);
  });

  it('sends with Enter, shows it pending, and keeps Shift+Enter for a new line', async () => {
    await type('line one');
    key('Enter', { shiftKey: true });
    expect(http.match({ method: 'POST', url: MESSAGES })).toHaveLength(0);

    key('Enter');
    await fixture.whenStable();
    const post = http.expectOne({ method: 'POST', url: MESSAGES });
    expect(post.request.body).toEqual(expect.objectContaining({ content: 'line one' }));
    expect(input().value).toBe('');
    const pending = all('chat-message').at(-1)!;
    expect(pending.getAttribute('data-pending')).toBe('true');

    post.flush(message('3-0', { userId: 'u1', content: 'line one', clientId: (post.request.body as { clientId: string }).clientId }));
    await fixture.whenStable();
    expect(all('chat-message').at(-1)!.getAttribute('data-pending')).toBeNull();
    expect(all('chat-message').at(-1)!.getAttribute('data-message-id')).toBe('3-0');
  });

  it('marks a failed message and sends it again from its Retry button', async () => {
    await type('will fail');
    key('Enter');
    http.expectOne({ method: 'POST', url: MESSAGES }).flush({ message: 'Try later' }, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();

    const failed = all('chat-message').at(-1)!;
    expect(failed.getAttribute('data-failed')).toBe('true');
    expect(failed.textContent).toContain('Not sent: The server is busy right now. Try again in a moment.');
    (failed.querySelector('[data-testid="chat-retry"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    expect(http.expectOne({ method: 'POST', url: MESSAGES }).request.body).toEqual(expect.objectContaining({ content: 'will fail' }));
    expect(all('chat-message').at(-1)!.getAttribute('data-pending')).toBe('true');
  });

  it('suggests members after @, filters as you type, and inserts the chosen one with the keyboard', async () => {
    await type('ask @');
    expect(all('mention-suggestion').map((element) => element.textContent)).toEqual([
      expect.stringContaining('@bob'),
      expect.stringContaining('@bobby'),
    ]);

    await type('ask @bobb');
    expect(all('mention-suggestion')).toHaveLength(1);
    await type('ask @bo');
    key('ArrowDown');
    await fixture.whenStable();
    expect(all('mention-suggestion')[1].getAttribute('aria-selected')).toBe('true');
    key('Tab');
    await fixture.whenStable();

    expect(input().value).toBe('ask @bobby ');
    expect(all('mention-suggestion')).toHaveLength(0);
    expect(http.match({ method: 'POST', url: MESSAGES })).toHaveLength(0);
  });

  it('inserts a suggestion on click, and Escape closes the list', async () => {
    await type('@r');
    all('mention-suggestion')[0].click();
    await fixture.whenStable();
    expect(input().value).toBe('@bobby ');

    await type('@b');
    key('Escape');
    await fixture.whenStable();
    expect(all('mention-suggestion')).toHaveLength(0);
  });

  it('says who is typing under the input', async () => {
    expect(all('typing-indicator')).toHaveLength(0);
    const now = new Date();
    events.next({
      id: '',
      channel: 'board:b1',
      type: 'chat.typing',
      timestamp: now.toISOString(),
      userId: 'u2',
      data: { roomId: 'board:b1', userId: 'u2', until: new Date(now.getTime() + 5_000).toISOString() },
    });
    await fixture.whenStable();

    expect(all('typing-indicator').map((element) => element.textContent)).toEqual(['Bob Stone is typing…']);
  });
});
