import { randomUUID } from 'node:crypto';
import type { NewVote, VotesRepository } from './votes.repository';

const aVote = (boardId: string = randomUUID(), dotsPerUser = 3, anonymous = false): NewVote => ({
  id: randomUUID(),
  boardId,
  dotsPerUser,
  anonymous,
  startedBy: randomUUID(),
  startedAt: new Date().toISOString(),
});

/** Behaviour both vote repository adapters must have. */
export function votesRepositoryContract(make: () => VotesRepository): void {
  let repo: VotesRepository;
  beforeEach(() => {
    repo = make();
  });

  it('starts one vote per board: a second start is refused while it runs, and replaces it once ended', async () => {
    const first = aVote();
    const started = await repo.start(first);
    expect(started).toEqual({ kind: 'started', vote: { ...first, status: 'running', revision: 1, totalDots: 0, voters: 0 } });
    const second = aVote(first.boardId);
    await expect(repo.start(second)).resolves.toEqual({ kind: 'running', vote: expect.objectContaining({ id: first.id }) as unknown });

    await repo.changeDots(first.boardId, randomUUID(), 'n1', 1);
    await repo.end(first.boardId, first.id, new Date().toISOString());
    const replaced = await repo.start(second);
    expect(replaced).toEqual({
      kind: 'started',
      vote: expect.objectContaining({ id: second.id, revision: 4, totalDots: 0, voters: 0 }) as unknown,
    });
    await expect(repo.find(first.boardId, randomUUID())).resolves.toEqual({ vote: replaced.vote, myDots: {}, results: {} });
  });

  it('counts each member’s dots per note and every note’s total, raising the revision each time', async () => {
    const vote = aVote();
    await repo.start(vote);
    const [ann, bob] = [randomUUID(), randomUUID()];
    await repo.changeDots(vote.boardId, ann, 'n1', 1);
    await repo.changeDots(vote.boardId, ann, 'n1', 1);
    await repo.changeDots(vote.boardId, bob, 'n2', 1);
    const outcome = await repo.changeDots(vote.boardId, bob, 'n1', 1);
    expect(outcome).toEqual({
      kind: 'ok',
      noteTotal: 3,
      snapshot: {
        vote: expect.objectContaining({ revision: 5, totalDots: 4, voters: 2 }) as unknown,
        myDots: { n1: 1, n2: 1 },
        results: { n1: 3, n2: 1 },
      },
    });
    await expect(repo.find(vote.boardId, ann)).resolves.toEqual(expect.objectContaining({ myDots: { n1: 2 } }));
    await expect(repo.find(randomUUID(), ann)).resolves.toBeUndefined();
  });

  it('takes dots back one at a time, leaving out notes and members with none', async () => {
    const vote = aVote();
    await repo.start(vote);
    const ann = randomUUID();
    await repo.changeDots(vote.boardId, ann, 'n1', 1);
    await expect(repo.changeDots(vote.boardId, ann, 'n2', -1)).resolves.toEqual({ kind: 'no_dot_here' });
    const outcome = await repo.changeDots(vote.boardId, ann, 'n1', -1);
    expect(outcome).toEqual({
      kind: 'ok',
      noteTotal: 0,
      snapshot: { vote: expect.objectContaining({ totalDots: 0, voters: 0, revision: 3 }) as unknown, myDots: {}, results: {} },
    });
  });

  it('never gives a member more than their dots, even when many requests race', async () => {
    const vote = aVote(randomUUID(), 5);
    await repo.start(vote);
    const ann = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => repo.changeDots(vote.boardId, ann, `n${n % 3}`, 1)));
    expect(outcomes.filter((outcome) => outcome.kind === 'ok')).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome.kind === 'no_dots_left')).toEqual(Array(15).fill({ kind: 'no_dots_left', dotsPerUser: 5 }));
    const snapshot = await repo.find(vote.boardId, ann);
    expect(Object.values(snapshot!.myDots).reduce((sum, dots) => sum + dots, 0)).toBe(5);
    expect(snapshot!.results).toEqual(snapshot!.myDots);
    expect(snapshot!.vote).toEqual(expect.objectContaining({ totalDots: 5, voters: 1, revision: 6 }));
  });

  it('ends a running vote once, with its results, and takes no dots after', async () => {
    const vote = aVote();
    await repo.start(vote);
    await repo.changeDots(vote.boardId, randomUUID(), 'n1', 1);
    await expect(repo.end(vote.boardId, randomUUID(), new Date().toISOString())).resolves.toEqual({ kind: 'missing' });
    const endedAt = new Date().toISOString();
    await expect(repo.end(vote.boardId, vote.id, endedAt)).resolves.toEqual({
      kind: 'ended',
      vote: expect.objectContaining({ status: 'ended', endedAt, revision: 3, totalDots: 1 }) as unknown,
      results: { n1: 1 },
    });
    await expect(repo.end(vote.boardId, vote.id, endedAt)).resolves.toEqual({ kind: 'already_ended' });
    await expect(repo.changeDots(vote.boardId, randomUUID(), 'n1', 1)).resolves.toEqual({ kind: 'ended', voteId: vote.id });
    await expect(repo.changeDots(randomUUID(), randomUUID(), 'n1', 1)).resolves.toEqual({ kind: 'missing' });
  });

  it('clears the named vote only, and keeps revisions rising for the next one', async () => {
    const vote = aVote();
    await repo.start(vote);
    await repo.changeDots(vote.boardId, randomUUID(), 'n1', 1);
    await expect(repo.clear(vote.boardId, randomUUID())).resolves.toBe(false);
    await expect(repo.clear(vote.boardId, vote.id)).resolves.toBe(true);
    await expect(repo.find(vote.boardId, randomUUID())).resolves.toBeUndefined();
    await expect(repo.clear(vote.boardId, vote.id)).resolves.toBe(false);
    const next = await repo.start(aVote(vote.boardId));
    expect(next.vote.revision).toBe(4);
  });

  it('forgets a deleted board’s votes, revision included, and only that board’s', async () => {
    const [vote, other] = [aVote(), aVote()];
    await repo.start(vote);
    await repo.start(other);
    await repo.deleteBoard(vote.boardId);
    await expect(repo.find(vote.boardId, randomUUID())).resolves.toBeUndefined();
    expect((await repo.start(aVote(vote.boardId))).vote.revision).toBe(1);
    expect((await repo.find(other.boardId, randomUUID()))?.vote.id).toBe(other.id);
  });
}
