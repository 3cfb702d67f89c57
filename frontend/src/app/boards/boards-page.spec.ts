import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardInvitation } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardsPage } from './boards-page';
import { InvitationsStore } from './invitations-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const retro: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice], createdAt: '2026-01-01T00:00:00Z' };
const shared: Board = {
  id: 'b2',
  title: 'Roadmap',
  ownerId: 'u2',
  members: [
    { ...bob, role: 'owner' },
    { ...alice, role: 'editor' },
  ],
  createdAt: '2026-01-02T00:00:00Z',
};

@Component({ template: '' })
class StubBoard {}

const invitation: BoardInvitation = {
  id: 'i1',
  boardId: 'b2',
  boardTitle: 'Roadmap',
  role: 'viewer',
  invitee: alice,
  invitedBy: bob,
  status: 'pending',
  createdAt: '2026-01-02T00:00:00Z',
};

describe('BoardsPage', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(BoardsPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function settle(page: HTMLElement): Promise<HTMLElement> {
    await vi.waitFor(() => expect(page.querySelector('[data-testid="boards-loading"]')).toBeNull());
    return page;
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'boards/:id', component: StubBoard }]),
        { provide: RealtimeClient, useValue: { on: vi.fn(() => events.asObservable()) } },
        InvitationsStore,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  it('shows a loading state, then the empty state', async () => {
    const page = await render();
    expect(page.querySelector('h1[data-testid="boards-heading"]')?.textContent).toBe('Boards');
    expect(page.querySelector('[data-testid="boards-loading"]')).not.toBeNull();

    http.expectOne('/api/boards').flush([]);
    await settle(page);
    expect(page.textContent).toContain('No boards yet');
  });

  it('lists my boards, newest first, with invite controls only on the ones I own', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro, shared]);
    await settle(page);

    const items = [...page.querySelectorAll('[data-testid="board-item"]')];
    expect(items.map((item) => item.querySelector('[data-testid="board-link"]')?.textContent)).toEqual(['Roadmap', 'Retro']);
    expect(items[0].textContent).toContain('Shared by Bob');
    expect(items[0].querySelector('[data-testid="invite-input"]')).toBeNull();
    expect(items[1].querySelector('[data-testid="invite-input"]')).not.toBeNull();
  });

  it('shows an error with a way to try again', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush({ statusCode: 500, error: 'x', message: 'Database down' }, { status: 500, statusText: 'Error' });
    await vi.waitFor(() =>
      expect(page.querySelector('[data-testid="boards-error"]')?.textContent).toContain(
        'Something went wrong on the server. Please try again.',
      ),
    );

    (page.querySelector('[data-testid="boards-error"] button') as HTMLButtonElement).click();
    http.expectOne('/api/boards').flush([retro]);
    await vi.waitFor(() => expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(1));
  });

  it('lists my pending invitations; accepting one joins the board and opens it', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro]);
    http.expectOne('/api/invitations').flush([invitation]);
    await settle(page);
    await vi.waitFor(() =>
      expect(page.querySelector('[data-testid="my-invitation"]')?.textContent).toContain('Bob invited you to “Roadmap” as viewer'),
    );

    (page.querySelector('[data-testid="accept-my-invitation"]') as HTMLButtonElement).click();
    http.expectOne({ method: 'POST', url: '/api/invitations/i1/accept' }).flush(shared);

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards/b2'));
    expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(2);
    expect(page.querySelector('[data-board-id="b2"]')?.classList).toContain('fresh');
    expect(page.querySelector('[data-testid="my-invitations"]')).toBeNull();
  });

  it('declines an invitation: it goes away and no board arrives', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro]);
    http.expectOne('/api/invitations').flush([invitation]);
    await vi.waitFor(() => expect(page.querySelector('[data-testid="decline-my-invitation"]')).not.toBeNull());

    (page.querySelector('[data-testid="decline-my-invitation"]') as HTMLButtonElement).click();
    http.expectOne({ method: 'POST', url: '/api/invitations/i1/decline' }).flush(null, { status: 204, statusText: 'No Content' });

    await vi.waitFor(() => expect(page.querySelector('[data-testid="my-invitations"]')).toBeNull());
    expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(1);
  });

  it('adds a board live when an invitation is accepted in another tab', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro]);
    http.expectOne('/api/invitations').flush([invitation]);
    await settle(page);

    events.next({
      id: '1-0',
      channel: 'user:u1',
      type: 'board.invitation',
      timestamp: '',
      userId: 'u1',
      data: { invitation: { ...invitation, status: 'accepted' } },
    });
    http.expectOne('/api/boards').flush([retro, shared]);
    await vi.waitFor(() => expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(2));
    expect(page.querySelector('[data-board-id="b2"]')?.classList).toContain('fresh');
    expect(page.querySelector('[data-testid="my-invitations"]')).toBeNull();
  });

  it('invites a member by username', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro]);
    await settle(page);

    const input = page.querySelector('[data-testid="invite-input"]') as HTMLInputElement;
    input.value = 'Bob';
    input.dispatchEvent(new Event('input'));
    (page.querySelector('[data-testid="invite-submit"]') as HTMLButtonElement).click();
    const invite = http.expectOne('/api/boards/b1/members');
    expect(invite.request.body).toEqual({ username: 'bob', role: 'editor' });
    invite.flush({ ...invitation, boardId: 'b1', boardTitle: 'Retro', role: 'editor', invitee: bob, invitedBy: alice });

    await vi.waitFor(() => expect(page.querySelector('[data-testid="invite-success"]')?.textContent).toContain('bob is invited'));
    // Pending until bob accepts: not a member yet.
    expect(page.querySelector('[data-board-id="b1"]')?.textContent).toContain('1 member');
  });

  it('leaves a board I was invited to, after a confirm step; my own boards offer no Leave', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro, shared]);
    await settle(page);
    expect(page.querySelector('[data-board-id="b1"] [data-testid="leave-board"]')).toBeNull();

    (page.querySelector('[data-board-id="b2"] [data-testid="leave-board"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(page.querySelector('[data-testid="confirm-leave-board"]')).not.toBeNull());
    http.expectNone({ method: 'DELETE' });
    (page.querySelector('[data-testid="confirm-leave-board"]') as HTMLButtonElement).click();
    http.expectOne({ method: 'DELETE', url: '/api/boards/b2/members/me' }).flush(null, { status: 204, statusText: 'No Content' });

    await vi.waitFor(() => expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(1));
    expect(
      TestBed.inject(Toasts)
        .toasts()
        .map((toast) => toast.message),
    ).toEqual(['You left “Roadmap”.']);
  });

  it('drops a board live, saying why, when another tab or the owner takes the user off it', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro, shared]);
    await settle(page);

    events.next({
      id: '2-0',
      channel: 'user:u1',
      type: 'board.member_removed',
      timestamp: '',
      userId: 'u2',
      data: { boardId: 'b2', userId: 'u1', reason: 'removed' },
    });
    await vi.waitFor(() => expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(1));
    expect(page.querySelector('[data-board-id="b2"]')).toBeNull();
    expect(
      TestBed.inject(Toasts)
        .toasts()
        .map((toast) => toast.message),
    ).toEqual(['You were removed from “Roadmap”.']);

    // Replayed after a reconnect: nothing left to drop, nothing to say twice.
    events.next({
      id: '2-0',
      channel: 'user:u1',
      type: 'board.member_removed',
      timestamp: '',
      userId: 'u2',
      data: { boardId: 'b2', userId: 'u1', reason: 'removed' },
    });
    expect(TestBed.inject(Toasts).toasts()).toHaveLength(1);
  });

  it('drops a board its owner deleted, from the event on the user channel', async () => {
    const page = await render();
    http.expectOne('/api/boards').flush([retro, shared]);
    await settle(page);

    events.next({ id: '3-0', channel: 'user:u1', type: 'board.deleted', timestamp: '', userId: 'u2', data: { boardId: 'b2' } });
    await vi.waitFor(() => expect(page.querySelectorAll('[data-testid="board-item"]')).toHaveLength(1));
    expect(
      TestBed.inject(Toasts)
        .toasts()
        .map((toast) => toast.message),
    ).toEqual(['“Roadmap” was deleted by its owner.']);
  });
});
