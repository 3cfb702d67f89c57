import { randomUUID } from 'node:crypto';
import type { CallRecord, CallsRepository, TransitionOutcome } from './calls.repository';

const at = (ms: number): string => new Date(1_800_000_000_000 + ms).toISOString();

const candidate = (callerId: string, calleeId: string, ms = 0, id: string = randomUUID()): CallRecord => ({
  id,
  callerId,
  calleeId,
  media: 'audio',
  state: 'ringing',
  createdAt: at(ms),
  callerDeviceId: 'tab-1',
});

/** Behaviour both calls repository adapters must have: each transition atomic, one winner per race. */
export function callsRepositoryContract(make: () => CallsRepository): void {
  let repo: CallsRepository;
  let ann: string;
  let ben: string;
  let cat: string;

  beforeEach(() => {
    repo = make();
    [ann, ben, cat] = [randomUUID(), randomUUID(), randomUUID()];
  });

  it('rings a new call and makes it both parties’ current call', async () => {
    const call = candidate(ann, ben);
    expect(await repo.offer(call, Date.now() + 30_000)).toEqual({ kind: 'created', call });
    expect(await repo.find(call.id)).toEqual(call);
    expect(await repo.current(ann)).toEqual(call);
    expect(await repo.current(ben)).toEqual(call);
    expect((await repo.live()).map((live) => live.id)).toContain(call.id);
  });

  it('stores a call to a busy callee as ended with busy, and refuses a caller who is in a call', async () => {
    const first = candidate(ann, ben);
    await repo.offer(first, Date.now() + 30_000);
    const busy = await repo.offer(candidate(cat, ben, 1), Date.now() + 30_000);
    expect(busy).toMatchObject({ kind: 'busy', call: { state: 'ended', endReason: 'busy', endedAt: at(1) } });
    expect(await repo.current(cat)).toBeUndefined();
    expect((await repo.history(ben, undefined, 10)).map((call) => call.endReason)).toEqual(['busy']);
    expect(await repo.offer(candidate(ann, cat, 2), Date.now() + 30_000)).toEqual({ kind: 'in_call', currentId: first.id });
  });

  it('answers once: one of many racing answers wins, the others conflict', async () => {
    const call = candidate(ann, ben);
    await repo.offer(call, Date.now() + 30_000);
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, n) => repo.answer(call.id, `device-${n}`, at(5))));
    const winners = outcomes.filter((outcome) => outcome.kind === 'ok');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'conflict')).toHaveLength(7);
    const stored = await repo.find(call.id);
    expect(stored).toMatchObject({
      state: 'active',
      answeredAt: at(5),
      answeredDeviceId: (winners[0] as { call: CallRecord }).call.answeredDeviceId,
    });
    expect(await repo.answer(randomUUID(), 'd', at(6))).toEqual({ kind: 'missing' });
    expect(await repo.dueRinging(Date.now() + 60_000)).not.toContain(call.id);
  });

  it('ends with the reason for the state the call is in, frees both parties and keeps it in their history', async () => {
    const call = candidate(ann, ben);
    await repo.offer(call, Date.now() + 30_000);
    await repo.answer(call.id, 'd', at(1));
    expect(await repo.end(call.id, { ringing: 'declined' }, at(2))).toMatchObject({ kind: 'conflict', call: { state: 'active' } });
    expect(await repo.end(call.id, { ringing: 'cancelled', active: 'hangup' }, at(3))).toMatchObject({
      kind: 'ok',
      call: { state: 'ended', endReason: 'hangup', endedAt: at(3), answeredDeviceId: 'd' },
    });
    expect(await repo.end(call.id, { ringing: 'cancelled', active: 'hangup' }, at(4))).toMatchObject({ kind: 'conflict' });
    expect(await repo.current(ann)).toBeUndefined();
    expect(await repo.current(ben)).toBeUndefined();
    expect((await repo.live()).map((live) => live.id)).not.toContain(call.id);
    expect((await repo.history(ann, undefined, 10)).map((ended) => ended.id)).toEqual([call.id]);
    expect(await repo.end(randomUUID(), { active: 'hangup' }, at(5))).toEqual({ kind: 'missing' });
  });

  it('pages the history newest first', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const call = candidate(ann, ben, n * 10);
      ids.push(call.id);
      await repo.offer(call, Date.now() + 30_000);
      await repo.end(call.id, { ringing: 'cancelled' }, at(n * 10 + 1));
    }
    const first = await repo.history(ann, undefined, 2);
    expect(first.map((call) => call.id)).toEqual([ids[4], ids[3]]);
    const next = await repo.history(ben, Date.parse(first[1].endedAt!), 10);
    expect(next.map((call) => call.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('settles glare on the lower call id whichever offer comes second', async () => {
    const low = '00000000-0000-4000-8000-000000000000';
    const high = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    // The later offer has the lower id: it rings, the earlier one ends.
    const early = candidate(ann, ben, 0, `${high.slice(0, -12)}${ann.slice(-12)}`);
    await repo.offer(early, Date.now() + 30_000);
    const late = candidate(ben, ann, 1, `${low.slice(0, -12)}${ann.slice(-12)}`);
    const won = await repo.offer(late, Date.now() + 30_000);
    expect(won).toMatchObject({ kind: 'glare_won', call: { id: late.id, state: 'ringing' }, ended: { id: early.id, endReason: 'glare' } });
    expect((await repo.current(ann))?.id).toBe(late.id);
    expect((await repo.current(ben))?.id).toBe(late.id);
    expect(await repo.dueRinging(Date.now() + 60_000)).not.toContain(early.id);

    // The later offer has the higher id: it is stored ended, the earlier one keeps ringing.
    const [cy, dy] = [randomUUID(), randomUUID()];
    const first = candidate(cy, dy, 0, `${low.slice(0, -12)}${cy.slice(-12)}`);
    await repo.offer(first, Date.now() + 30_000);
    const lost = await repo.offer(candidate(dy, cy, 1, `${high.slice(0, -12)}${cy.slice(-12)}`), Date.now() + 30_000);
    expect(lost).toMatchObject({ kind: 'glare_lost', call: { state: 'ended', endReason: 'glare' }, survivorId: first.id });
    expect((await repo.current(dy))?.id).toBe(first.id);
  });

  it('settles glare between offers made at the same moment: the lower id rings for both, the other ends', async () => {
    for (let round = 0; round < 10; round++) {
      const [one, two] = [randomUUID(), randomUUID()];
      const offers = [candidate(one, two), candidate(two, one)];
      const outcomes = await Promise.all(offers.map((offer) => repo.offer(offer, Date.now() + 30_000)));
      const [survivor, loser] = [...offers].sort((a, b) => (a.id < b.id ? -1 : 1));
      // Whichever came first (or both at once): never busy, never in a call.
      for (const outcome of outcomes) {
        expect(['created', 'glare_won', 'glare_lost']).toContain(outcome.kind);
      }
      expect((await repo.current(one))?.id).toBe(survivor.id);
      expect((await repo.current(two))?.id).toBe(survivor.id);
      expect(await repo.find(loser.id)).toMatchObject({ state: 'ended', endReason: 'glare' });
      expect((await repo.live()).map((call) => call.id)).not.toContain(loser.id);
    }
  });

  it('lists rung-out calls, and exactly one of many pods ending one wins', async () => {
    const call = candidate(ann, ben);
    await repo.offer(call, Date.now() - 1);
    expect(await repo.dueRinging(Date.now())).toContain(call.id);
    const outcomes: TransitionOutcome[] = await Promise.all(
      Array.from({ length: 6 }, () => repo.end(call.id, { ringing: 'missed' }, at(9))),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'ok')).toHaveLength(1);
    expect(await repo.dueRinging(Date.now())).not.toContain(call.id);
  });

  it('lets an answer racing a decline leave one outcome', async () => {
    const call = candidate(ann, ben);
    await repo.offer(call, Date.now() + 30_000);
    const [answered, declined] = await Promise.all([repo.answer(call.id, 'd', at(1)), repo.end(call.id, { ringing: 'declined' }, at(1))]);
    expect([answered.kind, declined.kind].sort()).toEqual(['conflict', 'ok']);
    const stored = await repo.find(call.id);
    expect(stored?.state).toBe(answered.kind === 'ok' ? 'active' : 'ended');
  });
}
