import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardInvitation, BoardSnapshot, CreatedInviteLink, InviteLink } from '@contracts/boards';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardSettings } from './board-settings';
import { BoardStore } from './board-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'owner' as const };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' as const };
const carol = { id: 'u3', username: 'carol', displayName: 'Carol' };
const board: Board = { id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice, bob], createdAt: '' };
const pending: BoardInvitation = {
  id: 'i1',
  boardId: 'b1',
  boardTitle: 'Retro',
  role: 'viewer',
  invitee: carol,
  invitedBy: alice,
  status: 'pending',
  createdAt: '2026-01-01T00:00:00Z',
};
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

describe('BoardSettings', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  function push<T extends EventType>(type: T, data: EventMap[T]): void {
    events.next({ id: '1-0', channel: 'board:b1', type, timestamp: '', userId: 'u1', data } as AnyEventEnvelope);
  }

  async function setUp(me: typeof alice | typeof bob, shown: Board = board): Promise<void> {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        BoardStore,
        {
          provide: RealtimeClient,
          useValue: {
            channel: vi.fn(() => events.asObservable()),
            on: vi.fn(() => events.asObservable()),
            resume: vi.fn(),
            refused$: new Subject(),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: me.username, password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: me, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    const opened = TestBed.inject(BoardStore).open('b1');
    http.expectOne('/api/boards/b1').flush({ board: shown, notes: [], cursor: 'c' } satisfies BoardSnapshot);
    await opened;
  }

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(BoardSettings);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function renderAsOwner(invitations: BoardInvitation[] = [], links: InviteLink[] = []): Promise<HTMLElement> {
    await setUp(alice);
    const panel = await render();
    http.expectOne('/api/boards/b1/invitations').flush(invitations);
    http.expectOne('/api/boards/b1/invite-links').flush(links);
    return panel;
  }

  const rows = (panel: HTMLElement, testId: string) => [...panel.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];

  afterEach(() => http.verify());

  it('shows a member the list read-only, and asks nothing of the owner-only endpoints', async () => {
    await setUp(bob);
    const panel = await render();

    expect(
      rows(panel, 'settings-member').map((row) => [
        row.querySelector('strong')?.textContent,
        row.querySelector('[data-testid="member-role-label"]')?.textContent,
      ]),
    ).toEqual([
      ['Alice', 'Owner'],
      ['Bob', 'Editor'],
    ]);
    expect(panel.querySelector('[data-testid="member-role"]')).toBeNull();
    expect(panel.querySelector('[data-testid="invite-input"]')).toBeNull();
    expect(panel.querySelector('[data-testid="create-link"]')).toBeNull();
  });

  it('lets the owner change a role; the row follows the server', async () => {
    const panel = await renderAsOwner();
    const select = panel.querySelector<HTMLSelectElement>('[data-user-id="u2"] [data-testid="member-role"]')!;
    select.value = 'viewer';
    select.dispatchEvent(new Event('change'));

    const change = http.expectOne({ method: 'PATCH', url: '/api/boards/b1/members/u2' });
    expect(change.request.body).toEqual({ role: 'viewer' });
    change.flush({ ...board, members: [alice, { ...bob, role: 'viewer' }] });
    await vi.waitFor(() => expect(panel.querySelector('[data-user-id="u2"]')?.getAttribute('data-role')).toBe('viewer'));
  });

  it('hands ownership over only after a confirm step', async () => {
    const panel = await renderAsOwner();
    panel.querySelector<HTMLButtonElement>('[data-user-id="u2"] [data-testid="make-owner"]')!.click();
    await vi.waitFor(() => expect(panel.querySelector('[data-testid="settings-confirm"]')?.textContent).toContain('Make Bob the owner?'));
    http.expectNone({ method: 'POST', url: '/api/boards/b1/owner' });

    panel.querySelector<HTMLButtonElement>('[data-testid="settings-confirm-yes"]')!.click();
    const transfer = http.expectOne({ method: 'POST', url: '/api/boards/b1/owner' });
    expect(transfer.request.body).toEqual({ userId: 'u2' });
    transfer.flush({
      ...board,
      ownerId: 'u2',
      members: [
        { ...alice, role: 'editor' },
        { ...bob, role: 'owner' },
      ],
    });

    // No longer the owner: the controls go, the list stays.
    await vi.waitFor(() => expect(panel.querySelector('[data-testid="member-role"]')).toBeNull());
    expect(panel.querySelector('[data-user-id="u2"]')?.getAttribute('data-role')).toBe('owner');
  });

  it('lists pending invitations live: added, then gone once answered; cancelling one asks the server', async () => {
    const panel = await renderAsOwner([pending]);
    await vi.waitFor(() => expect(rows(panel, 'pending-invitation')).toHaveLength(1));

    const dave = { id: 'u4', username: 'dave', displayName: '' };
    push('board.invitation', { invitation: { ...pending, id: 'i2', invitee: dave, createdAt: '2026-01-02T00:00:00Z' } });
    await vi.waitFor(() => expect(rows(panel, 'pending-invitation')).toHaveLength(2));
    push('board.invitation', { invitation: { ...pending, status: 'accepted' } });
    await vi.waitFor(() =>
      expect(rows(panel, 'pending-invitation').map((row) => row.textContent)).toEqual([expect.stringContaining('@dave')]),
    );

    panel.querySelector<HTMLButtonElement>('[data-testid="cancel-invitation"]')!.click();
    http.expectOne({ method: 'DELETE', url: '/api/boards/b1/invitations/i2' }).flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => expect(panel.querySelector('[data-testid="pending-invitations"]')).toBeNull());
  });

  it('creates an invite link, shows its full URL once, lists it and revokes it', async () => {
    const panel = await renderAsOwner();
    const role = panel.querySelector<HTMLSelectElement>('[data-testid="link-role"]')!;
    role.value = 'viewer';
    role.dispatchEvent(new Event('change'));
    const expiry = panel.querySelector<HTMLSelectElement>('[data-testid="link-expiry"]')!;
    expiry.value = '86400';
    expiry.dispatchEvent(new Event('change'));
    const uses = panel.querySelector<HTMLInputElement>('[data-testid="link-max-uses"]')!;
    uses.value = '3';
    uses.dispatchEvent(new Event('input'));
    panel.querySelector<HTMLButtonElement>('[data-testid="create-link"]')!.click();

    const create = http.expectOne({ method: 'POST', url: '/api/boards/b1/invite-links' });
    expect(create.request.body).toEqual({ role: 'viewer', expiresIn: 86_400, maxUses: 3 });
    const link: CreatedInviteLink = {
      id: 'l1',
      boardId: 'b1',
      role: 'viewer',
      createdBy: 'u1',
      createdAt: '',
      expiresAt: inADay(),
      maxUses: 3,
      uses: 0,
      token: 'secret-token',
      path: '/join/secret-token',
    };
    create.flush(link);

    await vi.waitFor(() =>
      expect(panel.querySelector<HTMLInputElement>('[data-testid="created-link-url"]')?.value).toBe(`${location.origin}/join/secret-token`),
    );
    expect(rows(panel, 'invite-link').map((row) => row.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Viewer 0 of 3 uses · expires (in 23 hours|tomorrow) Revoke$/),
    ]);

    panel.querySelector<HTMLButtonElement>('[data-testid="revoke-link"]')!.click();
    http.expectOne({ method: 'DELETE', url: '/api/boards/b1/invite-links/l1' }).flush(null, { status: 204, statusText: 'No Content' });
    await vi.waitFor(() => expect(rows(panel, 'invite-link')).toHaveLength(0));
    expect(panel.querySelector('[data-testid="created-link-url"]')).toBeNull();
  });

  it('refuses a max uses out of range before asking the server', async () => {
    const panel = await renderAsOwner();
    const uses = panel.querySelector<HTMLInputElement>('[data-testid="link-max-uses"]')!;
    uses.value = '0';
    uses.dispatchEvent(new Event('input'));
    panel.querySelector<HTMLButtonElement>('[data-testid="create-link"]')!.click();

    await vi.waitFor(() => expect(panel.querySelector('[data-testid="link-error"]')?.textContent).toContain('from 1 to 1000'));
  });
});
