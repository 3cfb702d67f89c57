import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { PresenceBar } from './presence-bar';
import { PresenceStore } from './presence-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const carol = { id: 'u3', username: 'carol', displayName: '', role: 'editor' as const };
const board: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice, bob, carol], createdAt: '' };
const since = new Date().toISOString();

describe('PresenceBar', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let root: HTMLElement;

  const avatars = (): HTMLElement[] => [...root.querySelectorAll<HTMLElement>('[data-testid="presence-avatar"]')];

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        PresenceStore,
        { provide: RealtimeClient, useValue: { channel: vi.fn(() => events) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;

    const fixture = TestBed.createComponent(PresenceBar);
    fixture.componentRef.setInput('board', board);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/boards/b1/presence').flush({
      users: [
        { userId: 'u1', username: 'alice', displayName: 'Alice', since, status: 'online' },
        { userId: 'u2', username: 'bob', displayName: 'Bob', since, status: 'away' },
      ],
    });
    await fixture.whenStable();
  });

  it('shows who is here with their status and since when', () => {
    expect(avatars().map((avatar) => [avatar.dataset['userId'], avatar.dataset['status']])).toEqual([
      ['u1', 'online'],
      ['u2', 'away'],
    ]);
    const bobAvatar = avatars()[1];
    expect(bobAvatar.textContent).toContain('B');
    expect(bobAvatar.getAttribute('aria-label')).toMatch(/^Bob, Away · here since \d/);
    expect(avatars()[0].getAttribute('aria-label')).toContain('Alice (you)');
  });

  it('follows joins, status changes and leaves', async () => {
    events.next({
      id: '2-0',
      channel: 'board:b1',
      type: 'presence.joined',
      timestamp: '',
      userId: 'u3',
      data: { userId: 'u3', username: 'carol', displayName: '', since, status: 'busy' },
    });
    events.next({
      id: '3-0',
      channel: 'board:b1',
      type: 'presence.updated',
      timestamp: '',
      userId: 'u2',
      data: { userId: 'u2', status: 'online' },
    });
    await vi.waitFor(() => expect(avatars()).toHaveLength(3));
    expect(avatars().map((avatar) => avatar.dataset['status'])).toEqual(['online', 'online', 'busy']);
    expect(avatars()[2].textContent).toContain('C');

    events.next({ id: '4-0', channel: 'board:b1', type: 'presence.left', timestamp: '', userId: null, data: { userId: 'u2' } });
    await vi.waitFor(() => expect(avatars().map((avatar) => avatar.dataset['userId'])).toEqual(['u1', 'u3']));
  });

  it('lists every member with an online dot, those here first', async () => {
    (root.querySelector('[data-testid="members-button"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelector('[data-testid="member-list"]')).not.toBeNull());
    const members = [...root.querySelectorAll<HTMLElement>('[data-testid="member"]')];
    expect(members.map((member) => [member.dataset['userId'], member.dataset['status']])).toEqual([
      ['u1', 'online'],
      ['u2', 'away'],
      ['u3', 'offline'],
    ]);
    expect(members[0].textContent).toContain('owner');
    expect(members[2].textContent).toContain('Not here');
  });

  describe('membership actions', () => {
    let fixture: ComponentFixture<PresenceBar>;

    async function showMembers(as: Board): Promise<void> {
      fixture = TestBed.createComponent(PresenceBar);
      fixture.componentRef.setInput('board', as);
      root = fixture.nativeElement as HTMLElement;
      await fixture.whenStable();
      http.match('/api/boards/b1/presence');
      (root.querySelector('[data-testid="members-button"]') as HTMLButtonElement).click();
      await fixture.whenStable();
    }

    const row = (userId: string): HTMLElement => root.querySelector(`[data-testid="member"][data-user-id="${userId}"]`) as HTMLElement;

    it('lets the owner remove anyone but themselves, after a confirm step', async () => {
      await showMembers(board);
      const removed: string[] = [];
      fixture.componentInstance.removeMember.subscribe((userId) => removed.push(userId));

      expect(row('u1').querySelector('[data-testid="remove-member"]')).toBeNull();
      expect(row('u1').querySelector('[data-testid="leave-board"]')).toBeNull();
      (row('u2').querySelector('[data-testid="remove-member"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      expect(removed).toEqual([]);
      const confirm = row('u2').querySelector('[data-testid="confirm-remove"]') as HTMLButtonElement;
      expect(confirm.getAttribute('aria-label')).toBe('Remove Bob from this board');

      confirm.click();
      await fixture.whenStable();
      expect(removed).toEqual(['u2']);
      expect(row('u2').querySelector('[data-testid="confirm-remove"]')).toBeNull();
    });

    it('lets a member leave from their own row only, and cancel', async () => {
      await showMembers({ ...board, ownerId: 'u2' });
      let left = 0;
      fixture.componentInstance.leave.subscribe(() => left++);

      expect(root.querySelectorAll('[data-testid="remove-member"]')).toHaveLength(0);
      expect(row('u2').querySelector('[data-testid="leave-board"]')).toBeNull();
      (row('u1').querySelector('[data-testid="leave-board"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      (row('u1').querySelector('[data-testid="confirm-leave"] + button') as HTMLButtonElement).click();
      await fixture.whenStable();
      expect(row('u1').querySelector('[data-testid="confirm-leave"]')).toBeNull();

      (row('u1').querySelector('[data-testid="leave-board"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      (row('u1').querySelector('[data-testid="confirm-leave"]') as HTMLButtonElement).click();
      expect(left).toBe(1);
    });
  });
});
