import { MemoryAttachmentsRepository } from './attachments.memory.repository';
import { QuotaExceededError } from './attachments.errors';
import { QuotaReservation } from './quota-reservation';

const MB = 1024 * 1024;

describe('QuotaReservation', () => {
  it('reserves ahead in steps and keeps exactly the stored size', async () => {
    const repo = new MemoryAttachmentsRepository();
    const reservation = new QuotaReservation(repo, 'u', 10 * MB);
    await reservation.ensure(10);
    expect(await repo.usedQuota('u')).toBe(MB);
    await reservation.ensure(MB + 1);
    expect(await repo.usedQuota('u')).toBe(2 * MB);
    await reservation.settle(MB + 1);
    expect(await repo.usedQuota('u')).toBe(MB + 1);
  });

  it('fits a small file into what is left of the quota', async () => {
    const repo = new MemoryAttachmentsRepository();
    await repo.reserveQuota('u', 900, 1000);
    const reservation = new QuotaReservation(repo, 'u', 1000);
    await reservation.ensure(100);
    await expect(reservation.ensure(101)).rejects.toBeInstanceOf(QuotaExceededError);
    await reservation.releaseAll();
    expect(await repo.usedQuota('u')).toBe(900);
  });
});
