import type { TimerStatus } from '@contracts/facilitation';

import type { TimerNews } from '../a11y/announcements';

/** The timer as this tab saw it at one instant. */
export interface TimerMoment {
  status: TimerStatus;
  remainingMs: number;
}

/**
 * What to say when the timer moves from `before` to `after`: it ran out, the facilitator stopped
 * it before the end, or reset it after. Only live changes count: a state read on arrival or after
 * a reconnect (`live` false) is where we start from, never news, so an ended run is never told
 * twice or to someone who was not there.
 */
export function timerNews(before: TimerMoment | null, after: TimerMoment | null, live: boolean): TimerNews | null {
  if (!live || !before || !after) {
    return null;
  }
  const going = (before.status === 'running' && before.remainingMs > 0) || before.status === 'paused';
  if (going && after.status === 'running' && after.remainingMs === 0) {
    return 'up';
  }
  if (after.status === 'idle' && before.status !== 'idle') {
    return going ? 'stopped' : 'reset';
  }
  return null;
}
