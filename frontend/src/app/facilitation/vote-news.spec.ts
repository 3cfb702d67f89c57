import { describe, expect, it } from 'vitest';

import type { VoteView } from '@contracts/facilitation';

import { voteEnded } from './vote-news';
import { voteView } from './testing/vote-view';

const view = (changes: Partial<VoteView> = {}): VoteView => voteView({ anonymous: false, ...changes });

describe('voteEnded', () => {
  it('is news when the running vote ends', () => {
    expect(voteEnded(view(), view({ status: 'ended', revision: 2 }))).toBe(true);
  });

  it('is no news for a second ended event, a new vote, a cleared one or nothing known before', () => {
    expect(voteEnded(view({ status: 'ended' }), view({ status: 'ended', revision: 3 }))).toBe(false);
    expect(voteEnded(view({ status: 'ended' }), view({ id: 'v2' }))).toBe(false);
    expect(voteEnded(view(), view({ id: 'v2', status: 'ended' }))).toBe(false);
    expect(voteEnded(view(), null)).toBe(false);
    expect(voteEnded(null, view({ status: 'ended' }))).toBe(false);
  });
});
