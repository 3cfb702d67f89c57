import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { ChatPanel } from './chat-panel';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

describe('ChatPanel', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let phone = false;
  let said: ReturnType<typeof vi.fn>;

  async function render(): Promise<{ fixture: ComponentFixture<ChatPanel>; root: HTMLElement }> {
    const fixture = TestBed.createComponent(ChatPanel);
    fixture.componentRef.setInput('boardId', 'b1');
    fixture.componentRef.setInput('members', [alice, bob]);
    await fixture.whenStable();
    http.expectOne((request) => request.url === '/api/boards/b1/messages').flush({ messages: [], nextBefore: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  const toggle = (root: HTMLElement): HTMLButtonElement => root.querySelector('[data-testid="chat-toggle"]') as HTMLButtonElement;

  beforeEach(async () => {
    phone = false;
    // jsdom has no matchMedia: the panel asks it whether this is a phone.
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      value: (query: string) =>
        ({ matches: phone, media: query, addEventListener: vi.fn(), removeEventListener: vi.fn() }) as unknown as MediaQueryList,
    });
    localStorage.clear();
    events = new Subject();
    said = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: Announcer, useValue: { message: said } },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: RealtimeClient,
          useValue: { channel: vi.fn(() => events.asObservable()), on: vi.fn(() => NEVER), state: signal('live') },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  afterEach(() => delete (window as { matchMedia?: unknown }).matchMedia);

  it('opens beside the board, and remembers being collapsed', async () => {
    const { fixture, root } = await render();
    expect(root.getAttribute('data-collapsed')).toBe('false');
    expect(root.querySelector('[data-testid="chat-input"]')).not.toBeNull();

    toggle(root).click();
    await fixture.whenStable();
    expect(root.getAttribute('data-collapsed')).toBe('true');
    expect(root.querySelector('[data-testid="chat-input"]')).toBeNull();
    fixture.destroy();

    const again = await render();
    expect(again.root.getAttribute('data-collapsed')).toBe('true');
  });

  it('counts messages by others on the collapsed toggle until it is opened', async () => {
    localStorage.setItem('cb.chat.collapsed', '1');
    const { fixture, root } = await render();
    for (const id of ['1-0', '2-0']) {
      const message = { id, roomId: 'board:b1', userId: 'u2', content: 'hey', createdAt: new Date().toISOString() };
      events.next({ id, channel: 'board:b1', type: 'chat.message', timestamp: '', userId: 'u2', data: { message } });
    }
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="chat-unread"]')?.textContent).toBe('2');
    expect(toggle(root).getAttribute('aria-label')).toBe('Show chat, 2 unread');

    toggle(root).click();
    await fixture.whenStable();
    expect(toggle(root).getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelectorAll('[data-testid="chat-message"]')).toHaveLength(2);
    http.match({ method: 'POST', url: '/api/boards/b1/read' });
  });

  it('reads others’ messages out while collapsed, saying where, and once (by the room) while open', async () => {
    localStorage.setItem('cb.chat.collapsed', '1');
    const { fixture, root } = await render();
    const arrive = (id: string, userId: string, content: string): void => {
      const message = { id, roomId: 'board:b1', userId, content, createdAt: new Date().toISOString() };
      events.next({ id, channel: 'board:b1', type: 'chat.message', timestamp: '', userId, data: { message } });
    };
    arrive('1-0', 'u2', 'hello');
    // Our own echo from another tab is not read to us.
    arrive('2-0', 'u1', 'mine');
    expect(said.mock.calls).toEqual([[{ author: 'Bob', text: 'hello', where: 'boardChat' }]]);

    toggle(root).click();
    await fixture.whenStable();
    arrive('3-0', 'u2', 'again');
    expect(said.mock.calls.slice(1)).toEqual([[{ author: 'Bob', text: 'again' }]]);
    http.match({ method: 'POST', url: '/api/boards/b1/read' });
  });

  it('keeps each user’s open/closed choice apart', async () => {
    localStorage.setItem('cb.chat.collapsed:someone-else', '1');
    const { root } = await render();
    expect(root.getAttribute('data-collapsed')).toBe('false');
  });

  it('starts closed on a phone, where it would cover the board, whatever was remembered', async () => {
    phone = true;
    localStorage.setItem('cb.chat.collapsed', '0');
    const { root } = await render();
    expect(root.getAttribute('data-collapsed')).toBe('true');
  });
});
