import { randomUUID } from 'node:crypto';
import type { BoardTimer } from '../../../contracts/facilitation';
import type { TimerRepository } from './timer.repository';

const running = (revision: number): BoardTimer => ({
  status: 'running',
  durationMs: 60_000,
  endsAt: new Date(Date.now() + 60_000).toISOString(),
  remainingMs: 60_000,
  updatedBy: randomUUID(),
  revision,
});

/** Behaviour both timer repository adapters must have. */
export function timerRepositoryContract(make: () => TimerRepository): void {
  let repo: TimerRepository;
  beforeEach(() => {
    repo = make();
  });

  it('has no timer for a board until one is stored, then returns it as stored', async () => {
    const boardId = randomUUID();
    await expect(repo.find(boardId)).resolves.toBeUndefined();
    const timer = running(1);
    await expect(repo.replace(boardId, 0, timer)).resolves.toBe(true);
    await expect(repo.find(boardId)).resolves.toEqual(timer);
  });

  it('replaces only the revision it was given, so one of two racing writers wins', async () => {
    const boardId = randomUUID();
    await repo.replace(boardId, 0, running(1));
    const [a, b] = [running(2), running(2)];
    const outcomes = await Promise.all([repo.replace(boardId, 1, a), repo.replace(boardId, 1, b)]);
    expect(outcomes.sort()).toEqual([false, true]);
    await expect(repo.replace(boardId, 0, running(1))).resolves.toBe(false);
    expect([a, b]).toContainEqual(await repo.find(boardId));
  });

  it('forgets a board’s timer on delete, and only that board’s', async () => {
    const [boardId, other] = [randomUUID(), randomUUID()];
    await repo.replace(boardId, 0, running(1));
    await repo.replace(other, 0, running(1));
    await repo.delete(boardId);
    await expect(repo.find(boardId)).resolves.toBeUndefined();
    await expect(repo.find(other)).resolves.toEqual(expect.objectContaining({ revision: 1 }));
  });
}
