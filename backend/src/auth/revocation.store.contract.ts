import { randomUUID } from 'node:crypto';
import { type RevocationStore, type TokenRef } from './revocation.store';

function aToken(overrides: Partial<TokenRef> = {}): TokenRef {
  return { userId: randomUUID(), tokenId: randomUUID(), sessionId: randomUUID(), sessionStartedAt: Date.now() - 1000, ...overrides };
}

const inAnHour = (): number => Math.floor(Date.now() / 1000) + 3600;

/** Behaviour both revocation store adapters must have. */
export function revocationStoreContract(make: () => Promise<RevocationStore> | RevocationStore): void {
  let store: RevocationStore;

  beforeEach(async () => {
    store = await make();
  });

  it('knows nothing of a token nobody revoked', async () => {
    await expect(store.isRevoked(aToken())).resolves.toBe(false);
  });

  it('revokes one token, and only the first revocation of it wins', async () => {
    const token = aToken();
    const sibling = aToken({ userId: token.userId, sessionId: token.sessionId });
    await expect(store.revokeToken(token.userId, token.tokenId, inAnHour())).resolves.toBe(true);
    await expect(store.revokeToken(token.userId, token.tokenId, inAnHour())).resolves.toBe(false);
    await expect(store.isRevoked(token)).resolves.toBe(true);
    await expect(store.isRevoked(sibling)).resolves.toBe(false);
  });

  it('lets exactly one of two racing revocations of a token win', async () => {
    const token = aToken();
    const results = await Promise.all([1, 2, 3].map(() => store.revokeToken(token.userId, token.tokenId, inAnHour())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('revokes every token of a session, and no other session', async () => {
    const token = aToken();
    await store.revokeSession(token.userId, token.sessionId, inAnHour());
    await expect(store.isRevoked(token)).resolves.toBe(true);
    await expect(store.isRevoked({ ...token, tokenId: randomUUID() })).resolves.toBe(true);
    await expect(store.isRevoked({ ...token, sessionId: randomUUID() })).resolves.toBe(false);
  });

  it('voids sessions begun at or before the cutoff, not later ones nor other users', async () => {
    const cutoff = Date.now();
    const userId = randomUUID();
    await store.revokeSessionsBefore(userId, cutoff, inAnHour());
    await expect(store.isRevoked(aToken({ userId, sessionStartedAt: cutoff - 5000 }))).resolves.toBe(true);
    await expect(store.isRevoked(aToken({ userId, sessionStartedAt: cutoff }))).resolves.toBe(true);
    await expect(store.isRevoked(aToken({ userId, sessionStartedAt: cutoff + 1 }))).resolves.toBe(false);
    await expect(store.isRevoked(aToken({ sessionStartedAt: cutoff - 5000 }))).resolves.toBe(false);
  });

  it('never moves a cutoff back', async () => {
    const userId = randomUUID();
    const later = Date.now();
    await store.revokeSessionsBefore(userId, later, inAnHour());
    await store.revokeSessionsBefore(userId, later - 10_000, inAnHour());
    await expect(store.isRevoked(aToken({ userId, sessionStartedAt: later - 1 }))).resolves.toBe(true);
  });

  it('forgets a revocation once its token could no longer be presented', async () => {
    const token = aToken();
    await store.revokeToken(token.userId, token.tokenId, Math.floor(Date.now() / 1000) - 1);
    await store.revokeSession(token.userId, randomUUID(), Math.floor(Date.now() / 1000) - 1);
    // An entry whose `until` has passed must not block a later revocation of the same id either.
    await expect(store.revokeToken(token.userId, token.tokenId, inAnHour())).resolves.toBe(true);
  });
}
