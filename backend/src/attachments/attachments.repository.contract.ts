import { randomUUID } from 'node:crypto';
import { boardChannel } from '../../../contracts/channels';
import type { AttachmentRecord, AttachmentsRepository } from './attachments.repository';

const record = (overrides: Partial<AttachmentRecord> = {}): AttachmentRecord => ({
  id: randomUUID(),
  name: 'photo.png',
  size: 1234,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
  thumbnail: { width: 320, height: 200 },
  roomId: boardChannel(randomUUID()),
  uploaderId: randomUUID(),
  createdAt: new Date().toISOString(),
  sent: false,
  ...overrides,
});

/** Behaviour both attachment repository adapters must have. */
export function attachmentsRepositoryContract(make: () => AttachmentsRepository): void {
  it('stores and finds a record; unknown ids are undefined', async () => {
    const repo = make();
    const stored = record();
    await repo.create(stored, Date.now() + 60_000);
    await expect(repo.find(stored.id)).resolves.toEqual(stored);
    await expect(repo.find(randomUUID())).resolves.toBeUndefined();
    await expect(repo.idsInRoom(stored.roomId)).resolves.toEqual([stored.id]);
  });

  it('claims only for its uploader and room, once', async () => {
    const repo = make();
    const stored = record();
    await repo.create(stored, Date.now() + 60_000);
    await expect(repo.claim(stored.id, randomUUID(), stored.roomId)).resolves.toBe('unusable');
    await expect(repo.claim(stored.id, stored.uploaderId, boardChannel(randomUUID()))).resolves.toBe('unusable');
    await expect(repo.claim(randomUUID(), stored.uploaderId, stored.roomId)).resolves.toBe('unusable');
    await expect(repo.claim(stored.id, stored.uploaderId, stored.roomId)).resolves.toBe('claimed');
    await expect(repo.claim(stored.id, stored.uploaderId, stored.roomId)).resolves.toBe('already_sent');
    await expect(repo.find(stored.id)).resolves.toEqual({ ...stored, sent: true });
  });

  it('lets exactly one of racing claims win', async () => {
    const repo = make();
    const stored = record();
    await repo.create(stored, Date.now() + 60_000);
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => repo.claim(stored.id, stored.uploaderId, stored.roomId)));
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
  });

  it('lists unsent uploads that are due, and forgets claimed ones until unclaimed', async () => {
    const repo = make();
    const now = Date.now();
    const [early, late, claimed] = [record(), record(), record()];
    await repo.create(early, now - 2000);
    await repo.create(late, now + 60_000);
    await repo.create(claimed, now - 1000);
    await repo.claim(claimed.id, claimed.uploaderId, claimed.roomId);
    const due = await repo.dueUnsent(now, 1000);
    expect(due).toContain(early.id);
    expect(due).not.toContain(late.id);
    expect(due).not.toContain(claimed.id);
    await repo.unclaim(claimed.id, now - 500);
    expect(await repo.dueUnsent(now, 1000)).toContain(claimed.id);
    await expect(repo.find(claimed.id)).resolves.toEqual(expect.objectContaining({ sent: false }));
  });

  it('deletes once: only the first delete gets the record', async () => {
    const repo = make();
    const stored = record();
    await repo.create(stored, Date.now() - 1);
    const [first, second] = await Promise.all([repo.delete(stored.id), repo.delete(stored.id)]);
    expect([first, second].filter((found) => found !== undefined)).toEqual([expect.objectContaining({ id: stored.id, size: 1234 })]);
    await expect(repo.find(stored.id)).resolves.toBeUndefined();
    await expect(repo.idsInRoom(stored.roomId)).resolves.toEqual([]);
    expect(await repo.dueUnsent(Date.now(), 1000)).not.toContain(stored.id);
  });

  it('deleteIfUnsent leaves sent attachments alone', async () => {
    const repo = make();
    const [sent, unsent] = [record(), record()];
    await repo.create(sent, Date.now() - 1);
    await repo.create(unsent, Date.now() - 1);
    await repo.claim(sent.id, sent.uploaderId, sent.roomId);
    await expect(repo.deleteIfUnsent(sent.id)).resolves.toBeUndefined();
    await expect(repo.find(sent.id)).resolves.toBeDefined();
    await expect(repo.deleteIfUnsent(unsent.id)).resolves.toEqual(expect.objectContaining({ id: unsent.id }));
    await expect(repo.find(unsent.id)).resolves.toBeUndefined();
  });

  it('reserves quota atomically and never past the limit', async () => {
    const repo = make();
    const userId = randomUUID();
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => repo.reserveQuota(userId, 300, 1000)));
    expect(verdicts.filter(Boolean)).toHaveLength(3);
    await expect(repo.usedQuota(userId)).resolves.toBe(900);
    await repo.releaseQuota(userId, 300);
    await expect(repo.usedQuota(userId)).resolves.toBe(600);
    await repo.releaseQuota(userId, 5000);
    await expect(repo.usedQuota(userId)).resolves.toBe(0);
    await expect(repo.reserveQuota(userId, 1000, 1000)).resolves.toBe(true);
  });

  it('takes the attachments of messages older than a message id, each once, then all the rest', async () => {
    const repo = make();
    const roomId = boardChannel(randomUUID());
    const [a, b, c, d, other] = Array.from({ length: 5 }, () => randomUUID());
    await repo.carry(roomId, '1000-9', [a]);
    await repo.carry(roomId, '1000-10', [b, c]);
    await repo.carry(roomId, '2000-0', [d]);
    await repo.carry(boardChannel(randomUUID()), '1-0', [other]);
    // Seq 9 is older than seq 10: ids compare as numbers, not text.
    await expect(repo.takeCarriedBefore(roomId, '1000-10')).resolves.toEqual([a]);
    const racing = await Promise.all([repo.takeCarriedBefore(roomId, '2000-0'), repo.takeCarriedBefore(roomId, '2000-0')]);
    expect(racing.flat().sort()).toEqual([b, c].sort());
    await expect(repo.takeCarriedBefore(roomId)).resolves.toEqual([d]);
    await expect(repo.takeCarriedBefore(roomId)).resolves.toEqual([]);
  });
}
