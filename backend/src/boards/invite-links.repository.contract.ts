import { createHash, randomUUID } from 'node:crypto';
import type { InviteLinkRecord, InviteLinksRepository } from './invite-links.repository';

// Real time: the Redis adapter lets a dead link's token lapse by the server's clock.
const NOW = Date.now();

function aLink(overrides: Partial<InviteLinkRecord> = {}): InviteLinkRecord {
  return {
    id: randomUUID(),
    boardId: randomUUID(),
    tokenHash: createHash('sha256').update(randomUUID()).digest('base64url'),
    role: 'viewer',
    createdBy: randomUUID(),
    createdAt: new Date(NOW).toISOString(),
    expiresAt: NOW + 60_000,
    uses: 0,
    ...overrides,
  };
}

/** Behaviour both invite link repository adapters must have. */
export function inviteLinksRepositoryContract(make: () => Promise<InviteLinksRepository> | InviteLinksRepository): void {
  let repo: InviteLinksRepository;

  beforeEach(async () => {
    repo = await make();
  });

  it('stores a link, finds it by token hash and lists it while live', async () => {
    const link = aLink({ maxUses: 3 });
    const unlimited = aLink({ boardId: link.boardId, createdAt: new Date(NOW + 1).toISOString() });
    await expect(repo.create(link, 10, NOW)).resolves.toBe('created');
    await expect(repo.create(unlimited, 10, NOW)).resolves.toBe('created');
    await expect(repo.findByTokenHash(link.tokenHash)).resolves.toEqual(link);
    await expect(repo.findByTokenHash(unlimited.tokenHash)).resolves.toEqual(unlimited);
    await expect(repo.listLive(link.boardId, NOW)).resolves.toEqual([link, unlimited]);
    await expect(repo.listLive(link.boardId, link.expiresAt)).resolves.toEqual([]);
    await expect(repo.findByTokenHash('unknown')).resolves.toBeUndefined();
  });

  it('counts uses up to maxUses and no further, even when racing', async () => {
    const link = aLink({ maxUses: 5 });
    await repo.create(link, 10, NOW);
    const results = await Promise.all(Array.from({ length: 12 }, () => repo.use(link.tokenHash, NOW)));
    expect(results.filter((result) => result.result === 'used')).toHaveLength(5);
    expect(results.filter((result) => result.result === 'used_up')).toHaveLength(7);
    await expect(repo.findByTokenHash(link.tokenHash)).resolves.toMatchObject({ uses: 5 });
    await expect(repo.listLive(link.boardId, NOW)).resolves.toEqual([]);
  });

  it('refuses an expired link, and answers missing for unknown or revoked ones', async () => {
    const link = aLink();
    await repo.create(link, 10, NOW);
    await expect(repo.use(link.tokenHash, NOW)).resolves.toEqual({ result: 'used', link: { ...link, uses: 1 } });
    await expect(repo.use(link.tokenHash, link.expiresAt)).resolves.toEqual({ result: 'expired' });
    await expect(repo.use('unknown', NOW)).resolves.toEqual({ result: 'missing' });
    await expect(repo.revoke(randomUUID(), link.id)).resolves.toBe(false);
    await expect(repo.revoke(link.boardId, link.id)).resolves.toBe(true);
    await expect(repo.revoke(link.boardId, link.id)).resolves.toBe(false);
    await expect(repo.use(link.tokenHash, NOW)).resolves.toEqual({ result: 'missing' });
    await expect(repo.findByTokenHash(link.tokenHash)).resolves.toBeUndefined();
  });

  it('caps live links per board; dead ones do not count', async () => {
    const boardId = randomUUID();
    const expiring = aLink({ boardId, expiresAt: NOW + 1000 });
    await repo.create(expiring, 2, NOW);
    await expect(repo.create(aLink({ boardId }), 2, NOW)).resolves.toBe('created');
    await expect(repo.create(aLink({ boardId }), 2, NOW)).resolves.toBe('full');
    await expect(repo.create(aLink({ boardId }), 2, NOW + 1000)).resolves.toBe('created');
  });

  it("forgets a deleted board's links", async () => {
    const link = aLink();
    await repo.create(link, 10, NOW);
    await repo.deleteBoard(link.boardId);
    await expect(repo.findByTokenHash(link.tokenHash)).resolves.toBeUndefined();
    await expect(repo.listLive(link.boardId, NOW)).resolves.toEqual([]);
  });
}
