import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject, filter } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardInvitation } from '@contracts/boards';
import type { AppNotification, NotificationList } from '@contracts/chat';
import type { AnyEventEnvelope, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { InvitationsStore } from '../boards/invitations-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { NotificationBell } from './notification-bell';
import { NotificationsStore } from './notifications-store';

@Component({ template: '' })
class StubBoard {}

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };
const invite: AppNotification = {
  id: 'n1',
  createdAt: '2026-01-01T10:00:00Z',
  read: false,
  kind: 'board_invite',
  invitationId: 'i1',
  boardId: 'b2',
  boardTitle: 'Roadmap',
  role: 'viewer',
  from: bob,
};
const invitation: BoardInvitation = {
  id: 'i1',
  boardId: 'b2',
  boardTitle: 'Roadmap',
  role: 'viewer',
  invitee: alice,
  invitedBy: bob,
  status: 'pending',
  createdAt: '2026-01-01T10:00:00Z',
};
const roadmap: Board = { id: 'b2', title: 'Roadmap', ownerId: 'u2', members: [], createdAt: '' };

describe('NotificationBell', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  async function open(pending: BoardInvitation[]): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(NotificationBell);
    http.expectOne('/api/notifications').flush({ notifications: [invite], unreadCount: 1 } satisfies NotificationList);
    http.expectOne('/api/invitations').flush(pending);
    await fixture.whenStable();
    const bell = fixture.nativeElement as HTMLElement;
    bell.querySelector<HTMLButtonElement>('[data-testid="notification-bell"]')!.click();
    await vi.waitFor(() => expect(bell.querySelector('[data-testid="notification-item"]')).not.toBeNull());
    return bell;
  }

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'boards/:id', component: StubBoard }]),
        NotificationsStore,
        InvitationsStore,
        {
          provide: RealtimeClient,
          useValue: { on: vi.fn((_channel: string, ...types: EventType[]) => events.pipe(filter((event) => types.includes(event.type)))) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  it('offers Accept and Decline on a pending invitation; accepting joins and opens the board', async () => {
    const bell = await open([invitation]);
    expect(bell.querySelector('[data-kind="board_invite"]')?.textContent).toContain('invited you to “Roadmap” as a viewer');

    bell.querySelector<HTMLButtonElement>('[data-testid="accept-invitation"]')!.click();
    http.expectOne({ method: 'POST', url: '/api/notifications/read' }).flush(null);
    http.expectOne({ method: 'POST', url: '/api/invitations/i1/accept' }).flush(roadmap);

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/boards/b2'));
    expect(bell.querySelector('[data-testid="notification-list"]')).toBeNull();
  });

  it('takes the buttons away when the invitation is answered in another tab', async () => {
    const bell = await open([invitation]);
    expect(bell.querySelector('[data-testid="decline-invitation"]')).not.toBeNull();

    events.next({
      id: '1-0',
      channel: 'user:u1',
      type: 'board.invitation',
      timestamp: '',
      userId: 'u1',
      data: { invitation: { ...invitation, status: 'declined' } },
    });
    await vi.waitFor(() => expect(bell.querySelector('[data-testid="decline-invitation"]')).toBeNull());
    expect(bell.querySelector('a[data-kind="board_invite"]')).not.toBeNull();
  });
});
