import type { VoteView } from '@contracts/facilitation';

/**
 * A live change (an event, the answer to our own request) ended the vote: the same vote was
 * running before and has ended after. The state read on arrival or after a reconnect never goes
 * through here, so a vote that ended before is not told, and a second ended event finds it ended.
 */
export function voteEnded(before: VoteView | null, after: VoteView | null): after is VoteView {
  return before?.status === 'running' && after?.status === 'ended' && before.id === after.id;
}
