import { describe, expect, it } from 'vitest';

import type { VoteView } from '@contracts/facilitation';

import { NO_VOTE, type VoteModel, dotsChanged, dotsLeft, myDotsChanged, ranked, viewApplied, voteCleared } from './vote-state';
import { voteView } from './testing/vote-view';

const view = (changes: Partial<VoteView> = {}): VoteView => voteView({ startedBy: 'u1', ...changes });

const running = (changes: Partial<VoteView> = {}, myRevision = 1): VoteModel => ({ vote: view(changes), myRevision });

describe('vote state', () => {
  it('takes a started vote from the board channel with no dots of ours', () => {
    const model = viewApplied(NO_VOTE, view({ myDots: { n1: 2 } }), false);
    expect(model.vote?.myDots).toEqual({});
    expect(model.myRevision).toBe(0);
  });

  it('keeps our dots when the ended vote arrives on the board channel', () => {
    const ended = viewApplied(
      running({ revision: 4, myDots: { n1: 2 } }, 4),
      view({ status: 'ended', revision: 5, results: { n1: 2, n2: 1 } }),
      false,
    );
    expect(ended.vote?.status).toBe('ended');
    expect(ended.vote?.results).toEqual({ n1: 2, n2: 1 });
    expect(ended.vote?.myDots).toEqual({ n1: 2 });
  });

  it('never sets totals or our dots back to an older revision', () => {
    const model = running({ revision: 6, totalDots: 5, myDots: { n1: 3 } }, 6);
    const stale = viewApplied(model, view({ revision: 4, totalDots: 3, myDots: { n1: 1 } }), true);
    expect(stale).toEqual(model);
    expect(dotsChanged(model, { boardId: 'b1', voteId: 'v1', revision: 5, totalDots: 4, voters: 2 })).toBe(model);
    expect(myDotsChanged(model, { boardId: 'b1', voteId: 'v1', revision: 5, myDots: {} })).toBe(model);
  });

  it('takes our dots from our own answer even when others moved the totals on since', () => {
    // Someone else's dot (revision 7) reached us before the answer to ours (revision 6).
    const model = dotsChanged(running({ revision: 5 }, 5), { boardId: 'b1', voteId: 'v1', revision: 7, totalDots: 2, voters: 2 });
    const answered = viewApplied(model, view({ revision: 6, totalDots: 1, voters: 1, myDots: { n1: 1 } }), true);
    expect(answered.vote?.totalDots).toBe(2);
    expect(answered.vote?.myDots).toEqual({ n1: 1 });
    expect(answered.myRevision).toBe(6);
  });

  it('applies anonymous totals without any per-note count, and a named vote note totals', () => {
    const anonymous = dotsChanged(running(), { boardId: 'b1', voteId: 'v1', revision: 2, totalDots: 1, voters: 1 });
    expect(anonymous.vote?.totalDots).toBe(1);
    expect(anonymous.vote?.results).toBeUndefined();

    const named = dotsChanged(running({ anonymous: false, results: {} }), {
      boardId: 'b1',
      voteId: 'v1',
      revision: 2,
      totalDots: 1,
      voters: 1,
      noteId: 'n2',
      noteTotal: 1,
      userId: 'u2',
    });
    expect(named.vote?.results).toEqual({ n2: 1 });
  });

  it('takes our dots from the user channel by revision', () => {
    const model = myDotsChanged(running(), { boardId: 'b1', voteId: 'v1', revision: 3, myDots: { n1: 2 } });
    expect(model.vote?.myDots).toEqual({ n1: 2 });
    expect(dotsLeft(model.vote)).toBe(1);
    // Another vote's dots are not ours here.
    expect(myDotsChanged(model, { boardId: 'b1', voteId: 'v0', revision: 9, myDots: {} })).toBe(model);
  });

  it('replaces an ended vote with a newer one, but not with a late event of an older one', () => {
    const ended = running({ status: 'ended', revision: 9 });
    const next = viewApplied(ended, view({ id: 'v2', startedAt: '2026-12-03T11:00:00.000Z', revision: 1 }), false);
    expect(next.vote?.id).toBe('v2');
    expect(viewApplied(next, view({ id: 'v1', status: 'ended', revision: 10 }), false)).toBe(next);
  });

  it('clears only the vote it names', () => {
    const model = running();
    expect(voteCleared(model, 'v0')).toBe(model);
    expect(voteCleared(model, 'v1')).toEqual(NO_VOTE);
  });

  it('ranks notes by dots, most first, leaving out notes without any', () => {
    expect(ranked({ a: 1, b: 3, c: 0, d: 3 })).toEqual([
      { noteId: 'b', dots: 3 },
      { noteId: 'd', dots: 3 },
      { noteId: 'a', dots: 1 },
    ]);
    expect(ranked(undefined)).toEqual([]);
  });
});
