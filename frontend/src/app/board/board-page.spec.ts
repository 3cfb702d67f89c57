import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { NEVER, Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, Note } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardPage } from './board-page';

@Component({ template: '' })
class StubPage {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const board: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice], createdAt: '' };
const first: Note = { id: 'n1', boardId: 'b1', text: 'Hello', x: 40, y: 60, color: 'blue', version: 1, createdBy: 'u1', updatedAt: '' };

describe('BoardPage', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let fixture: ComponentFixture<BoardPage>;
  let page: HTMLElement;

  const note = (): HTMLElement => page.querySelector('[data-testid="note"]') as HTMLElement;
  const key = (target: Element, name: string): void => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
  };
  async function stable(): Promise<void> {
    await fixture.whenStable();
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'boards', component: StubPage }]),
        {
          provide: RealtimeClient,
          // on/state serve the chat panel beside the canvas.
          useValue: {
            channel: vi.fn(() => events.asObservable()),
            resume: vi.fn(),
            refused$: new Subject(),
            on: vi.fn(() => NEVER),
            state: signal('live'),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;

    fixture = TestBed.createComponent(BoardPage);
    fixture.componentRef.setInput('id', 'b1');
    page = fixture.nativeElement as HTMLElement;
    await stable();
    expect(page.querySelector('[data-testid="board-loading"]')).not.toBeNull();
    http.expectOne('/api/boards/b1').flush({ board, notes: [first], cursor: 'board:b1@e1:1-0' });
    await vi.waitFor(() => expect(page.querySelector('[data-testid="board-title"]')?.textContent).toBe('Retro'));
    await stable();
  });

  it('renders each note with its test hooks, position and colour', () => {
    const element = note();
    expect(element.getAttribute('data-note-id')).toBe('n1');
    expect(element.getAttribute('data-color')).toBe('blue');
    expect(element.getAttribute('data-pending')).toBeNull();
    expect(element.style.transform).toContain('translate(40px, 60px)');
    expect(element.querySelector('[data-testid="note-text"]')?.textContent).toBe('Hello');
    expect(element.tabIndex).toBe(0);
  });

  it('edits with the keyboard: Enter opens the editor, Escape cancels without saving', async () => {
    note().focus();
    key(note(), 'Enter');
    await stable();
    const editor = page.querySelector('[data-testid="note-editor"]') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(editor);

    editor.value = 'Changed';
    editor.dispatchEvent(new Event('input'));
    key(editor, 'Escape');
    await stable();

    expect(page.querySelector('[data-testid="note-editor"]')).toBeNull();
    expect(note().querySelector('[data-testid="note-text"]')?.textContent).toBe('Hello');
    expect(document.activeElement).toBe(note());
    http.expectNone((request) => request.method === 'PATCH');
  });

  it('saves with Enter, showing the new text as pending until the server confirms', async () => {
    key(note(), 'Enter');
    await stable();
    const editor = page.querySelector('[data-testid="note-editor"]') as HTMLTextAreaElement;
    editor.value = 'Changed';
    editor.dispatchEvent(new Event('input'));
    key(editor, 'Enter');
    await stable();

    expect(note().getAttribute('data-pending')).toBe('true');
    expect(note().querySelector('[data-testid="note-text"]')?.textContent).toBe('Changed');
    const patch = http.expectOne({ method: 'PATCH', url: '/api/boards/b1/notes/n1' });
    expect(patch.request.body).toEqual(expect.objectContaining({ text: 'Changed', version: 1 }));
    patch.flush({ ...first, text: 'Changed', version: 2 });
    await stable();
    expect(note().getAttribute('data-pending')).toBeNull();
  });

  it('deletes the focused note with the Delete key', async () => {
    const canvas = note().closest<HTMLElement>('[data-testid="board-canvas"]');
    key(note(), 'Delete');
    await stable();
    expect(note()).toBeNull();
    // The last note gone: focus stays on the board instead of falling back to the page's start.
    expect(document.activeElement).toBe(canvas);
    http.expectOne({ method: 'DELETE' }).flush(null, { status: 204, statusText: 'No Content' });
  });

  it('moves the focused note with the arrow keys', async () => {
    key(note(), 'ArrowRight');
    await stable();
    expect(note().getAttribute('data-x')).toBe('50');
    const patch = http.expectOne({ method: 'PATCH', url: '/api/boards/b1/notes/n1' });
    expect(patch.request.body).toEqual(expect.objectContaining({ x: 50, y: 60 }));
    patch.flush({ ...first, x: 50, version: 2 });
  });

  it('offers the colours as one radio group: one tab stop, arrows pick the next colour', async () => {
    const swatches = [...note().querySelectorAll<HTMLButtonElement>('[data-testid="color-picker"] [role="radio"]')];
    expect(swatches.filter((swatch) => swatch.tabIndex === 0).map((swatch) => swatch.dataset['color'])).toEqual(['blue']);

    key(swatches[2], 'ArrowRight');
    await stable();
    expect(note().getAttribute('data-color')).toBe('green');
    const patch = http.expectOne({ method: 'PATCH', url: '/api/boards/b1/notes/n1' });
    expect(patch.request.body).toEqual(expect.objectContaining({ color: 'green' }));
    patch.flush({ ...first, color: 'green', version: 2 });
  });

  it('adds a note from the button and opens its editor', async () => {
    (page.querySelector('[data-testid="new-note"]') as HTMLButtonElement).click();
    await stable();
    const pending = page.querySelector('[data-testid="note"][data-pending="true"]');
    expect(pending).not.toBeNull();
    expect(document.activeElement).toBe(pending?.querySelector('[data-testid="note-editor"]'));
    http.expectOne({ method: 'POST', url: '/api/boards/b1/notes' });
  });

  it('leaves for the boards list with a message when the board is deleted', async () => {
    events.next({ id: '2-0', channel: 'board:b1', type: 'board.deleted', timestamp: '', userId: 'u2', data: { boardId: 'b1' } });
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards'));
  });

  it('leaves for the boards list saying why when the user is removed from the board', async () => {
    events.next({
      id: '',
      channel: '',
      type: 'channel.revoked',
      timestamp: '',
      userId: null,
      data: { channel: 'board:b1', reason: 'removed' },
    });
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards'));
    expect(
      TestBed.inject(Toasts)
        .toasts()
        .map((toast) => toast.message),
    ).toEqual(['You were removed from “Retro”.']);
  });
});
