import { describe, expect, it } from 'vitest';

import { NOT_FOLLOWING, nextFollow } from './follow-state';

describe('follow state', () => {
  it('follows a member we pick, never ourselves', () => {
    expect(nextFollow(NOT_FOLLOWING, { type: 'follow', userId: 'ann', me: 'ben' })).toEqual({ leaderId: 'ann', summoned: false });
    expect(nextFollow(NOT_FOLLOWING, { type: 'follow', userId: 'ben', me: 'ben' })).toBe(NOT_FOLLOWING);
  });

  it('follows whoever brings everyone to them, except when that is us', () => {
    const following = nextFollow(NOT_FOLLOWING, { type: 'follow', userId: 'cat', me: 'ben' });
    expect(nextFollow(following, { type: 'summoned', userId: 'ann', me: 'ben' })).toEqual({ leaderId: 'ann', summoned: true });
    expect(nextFollow(following, { type: 'summoned', userId: 'ben', me: 'ben' })).toBe(following);
  });

  it('stops on request, and when the leader leaves (not when someone else does)', () => {
    const following = nextFollow(NOT_FOLLOWING, { type: 'follow', userId: 'ann', me: 'ben' });
    expect(nextFollow(following, { type: 'stop' })).toEqual(NOT_FOLLOWING);
    expect(nextFollow(following, { type: 'left', userId: 'cat' })).toBe(following);
    expect(nextFollow(following, { type: 'left', userId: 'ann' })).toEqual(NOT_FOLLOWING);
  });
});
