import { type BoardTimer, DEFAULT_TIMER_MS, MAX_TIMER_MS, type TimerCommand } from '../../../contracts/facilitation';

/** A board nobody started a timer on yet. */
export function initialTimer(): BoardTimer {
  return { status: 'idle', durationMs: DEFAULT_TIMER_MS, remainingMs: DEFAULT_TIMER_MS, updatedBy: null, revision: 0 };
}

/** The timer as it reads at `nowMs`: a running timer's remainingMs counts down to 0 and stays there. */
export function timerAt(timer: BoardTimer, nowMs: number): BoardTimer {
  if (timer.status !== 'running' || timer.endsAt === undefined) {
    return timer;
  }
  return { ...timer, remainingMs: Math.max(0, Date.parse(timer.endsAt) - nowMs) };
}

export type TimerTransition = { kind: 'ok'; timer: BoardTimer } | { kind: 'conflict'; message: string };

/**
 * The next timer after a command, or why the command does not apply. Start and reset apply in any
 * state (start restarts); pause, resume and extend only where they mean something, so a late click
 * after someone else paused gets a 409 instead of silently doing something else.
 */
export function applyTimerCommand(current: BoardTimer, command: TimerCommand, nowMs: number, actorId: string): TimerTransition {
  const now = timerAt(current, nowMs);
  const next = (fields: Pick<BoardTimer, 'status' | 'durationMs' | 'remainingMs'> & { endsAt?: string }): TimerTransition => ({
    kind: 'ok',
    timer: { ...fields, updatedBy: actorId, revision: current.revision + 1 },
  });
  const runningFor = (remainingMs: number, durationMs: number): TimerTransition =>
    next({ status: 'running', durationMs, remainingMs, endsAt: new Date(nowMs + remainingMs).toISOString() });
  const finished = now.status === 'running' && now.remainingMs === 0;

  switch (command.action) {
    case 'start':
      return runningFor(command.durationMs, command.durationMs);
    case 'reset':
      return next({ status: 'idle', durationMs: now.durationMs, remainingMs: now.durationMs });
    case 'pause':
      if (now.status !== 'running' || finished) {
        return { kind: 'conflict', message: finished ? 'The timer has run out' : 'The timer is not running' };
      }
      return next({ status: 'paused', durationMs: now.durationMs, remainingMs: now.remainingMs });
    case 'resume':
      if (now.status !== 'paused') {
        return { kind: 'conflict', message: 'The timer is not paused' };
      }
      return runningFor(now.remainingMs, now.durationMs);
    case 'extend': {
      if (now.status === 'idle' || finished) {
        return { kind: 'conflict', message: finished ? 'The timer has run out: start it again' : 'The timer is not running or paused' };
      }
      const remainingMs = now.remainingMs + command.byMs;
      if (remainingMs <= 0) {
        return { kind: 'conflict', message: 'The timer has less time left than that: reset it instead' };
      }
      if (remainingMs > MAX_TIMER_MS) {
        return { kind: 'conflict', message: `A timer runs at most ${MAX_TIMER_MS / 60_000} minutes` };
      }
      return now.status === 'running'
        ? runningFor(remainingMs, now.durationMs)
        : next({ status: 'paused', durationMs: now.durationMs, remainingMs });
    }
  }
}
