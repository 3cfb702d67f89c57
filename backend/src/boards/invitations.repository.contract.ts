import { randomUUID } from 'node:crypto';
import type { InvitationRecord, InvitationsRepository } from './invitations.repository';

function anInvitation(overrides: Partial<InvitationRecord> = {}): InvitationRecord {
  return {
    id: randomUUID(),
    boardId: randomUUID(),
    boardTitle: 'Retro "ünïcode"',
    inviteeId: randomUUID(),
    invitedById: randomUUID(),
    role: 'editor',
    status: 'pending',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Behaviour both invitations repository adapters must have. */
export function invitationsRepositoryContract(make: () => Promise<InvitationsRepository> | InvitationsRepository): void {
  let repo: InvitationsRepository;

  beforeEach(async () => {
    repo = await make();
  });

  it('stores a pending invitation and finds it by id, by board and invitee, and in both lists', async () => {
    const invitation = anInvitation();
    await repo.create(invitation);
    await expect(repo.find(invitation.id)).resolves.toEqual(invitation);
    await expect(repo.findPending(invitation.boardId, invitation.inviteeId)).resolves.toEqual(invitation);
    await expect(repo.listPendingForBoard(invitation.boardId)).resolves.toEqual([invitation]);
    await expect(repo.listPendingForUser(invitation.inviteeId)).resolves.toEqual([invitation]);
    await expect(repo.find(randomUUID())).resolves.toBeUndefined();
    await expect(repo.findPending(invitation.boardId, randomUUID())).resolves.toBeUndefined();
  });

  it('changes the role only while pending', async () => {
    const invitation = anInvitation();
    await repo.create(invitation);
    await expect(repo.setRole(invitation.id, 'viewer')).resolves.toEqual({ ...invitation, role: 'viewer' });
    await repo.settle(invitation.id, 'declined');
    await expect(repo.setRole(invitation.id, 'editor')).resolves.toBeUndefined();
    await expect(repo.setRole(randomUUID(), 'editor')).resolves.toBeUndefined();
  });

  it('settles once, even when racing, and takes it off the pending lists', async () => {
    const invitation = anInvitation();
    await repo.create(invitation);
    const results = await Promise.all([repo.settle(invitation.id, 'accepted'), repo.settle(invitation.id, 'declined')]);
    const settled = results.filter((result) => result.result === 'settled');
    expect(settled).toHaveLength(1);
    expect(results.filter((result) => result.result === 'not_pending')).toHaveLength(1);
    const status = settled[0].result === 'settled' ? settled[0].invitation.status : undefined;
    await expect(repo.find(invitation.id)).resolves.toEqual({ ...invitation, status });
    await expect(repo.findPending(invitation.boardId, invitation.inviteeId)).resolves.toBeUndefined();
    await expect(repo.listPendingForBoard(invitation.boardId)).resolves.toEqual([]);
    await expect(repo.listPendingForUser(invitation.inviteeId)).resolves.toEqual([]);
    await expect(repo.settle(randomUUID(), 'cancelled')).resolves.toEqual({ result: 'missing' });
  });

  it('lists pending invitations oldest first, per board and per user', async () => {
    const boardId = randomUUID();
    const inviteeId = randomUUID();
    const first = anInvitation({ boardId, createdAt: '2026-01-01T00:00:00.000Z' });
    const second = anInvitation({ boardId, inviteeId, createdAt: '2026-01-02T00:00:00.000Z' });
    const elsewhere = anInvitation({ inviteeId, createdAt: '2026-01-03T00:00:00.000Z' });
    await repo.create(second);
    await repo.create(elsewhere);
    await repo.create(first);
    expect((await repo.listPendingForBoard(boardId)).map((found) => found.id)).toEqual([first.id, second.id]);
    expect((await repo.listPendingForUser(inviteeId)).map((found) => found.id)).toEqual([second.id, elsewhere.id]);
  });

  it("a newer invitation becomes the board's pending one for that invitee", async () => {
    const older = anInvitation();
    const newer = anInvitation({ boardId: older.boardId, inviteeId: older.inviteeId });
    await repo.create(older);
    await repo.settle(older.id, 'cancelled');
    await repo.create(newer);
    await expect(repo.findPending(older.boardId, older.inviteeId)).resolves.toEqual(newer);
  });

  it("forgets a deleted board's invitations", async () => {
    const invitation = anInvitation();
    const other = anInvitation({ inviteeId: invitation.inviteeId });
    await repo.create(invitation);
    await repo.create(other);
    await repo.deleteBoard(invitation.boardId);
    await expect(repo.find(invitation.id)).resolves.toBeUndefined();
    await expect(repo.listPendingForBoard(invitation.boardId)).resolves.toEqual([]);
    await expect(repo.listPendingForUser(invitation.inviteeId)).resolves.toEqual([other]);
  });
}
