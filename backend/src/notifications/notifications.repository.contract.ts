import { randomUUID } from 'node:crypto';
import type { AppNotification } from '../../../contracts/chat';
import { NOTIFICATIONS_KEPT, type NotificationsRepository } from './notifications.repository';

const mention = (n: number): AppNotification => ({
  id: randomUUID(),
  createdAt: new Date(1_700_000_000_000 + n).toISOString(),
  read: false,
  kind: 'mention',
  roomId: 'board:b1',
  messageId: `${n}-0`,
  from: { id: 'u1', username: 'ann', displayName: 'Ann' },
  excerpt: `hello @bob ${n}`,
});

/** Behaviour both notification repository adapters must have. */
export function notificationsRepositoryContract(make: () => NotificationsRepository): void {
  it('lists newest first and keeps only the most recent ones', async () => {
    const repo = make();
    const user = randomUUID();
    const added = Array.from({ length: NOTIFICATIONS_KEPT + 5 }, (_, n) => mention(n));
    for (const notification of added) {
      await repo.add(user, notification);
    }
    const listed = await repo.list(user);
    expect(listed).toHaveLength(NOTIFICATIONS_KEPT);
    expect(listed[0]).toEqual(added[added.length - 1]);
    expect(listed[listed.length - 1]).toEqual(added[5]);
  });

  it('marks chosen ones read, or all', async () => {
    const repo = make();
    const user = randomUUID();
    const [a, b, c] = [mention(1), mention(2), mention(3)];
    for (const notification of [a, b, c]) {
      await repo.add(user, notification);
    }
    await repo.markRead(user, [a.id]);
    expect((await repo.list(user)).map((n) => [n.id, n.read])).toEqual([
      [c.id, false],
      [b.id, false],
      [a.id, true],
    ]);
    await repo.markRead(user);
    expect((await repo.list(user)).every((n) => n.read)).toBe(true);
    await expect(repo.list(randomUUID())).resolves.toEqual([]);
  });
}
