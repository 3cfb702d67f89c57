import { DEFAULT_TIMER_MS, MAX_TIMER_MS, type BoardTimer, type TimerCommand } from '../../../contracts/facilitation';
import { applyTimerCommand, initialTimer, timerAt } from './timer-state';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

/** Applies commands one after another, each `stepMs` after the last; fails on a conflict. */
function run(commands: Array<[number, TimerCommand]>, from: BoardTimer = initialTimer()): BoardTimer {
  return commands.reduce((timer, [nowMs, command]) => {
    const result = applyTimerCommand(timer, command, T0 + nowMs, 'u1');
    if (result.kind === 'conflict') {
      throw new Error(`${command.action} at ${nowMs}: ${result.message}`);
    }
    return result.timer;
  }, from);
}

describe('the board timer', () => {
  it('starts idle at the default length, before anyone touched it', () => {
    expect(initialTimer()).toEqual({
      status: 'idle',
      durationMs: DEFAULT_TIMER_MS,
      remainingMs: DEFAULT_TIMER_MS,
      updatedBy: null,
      revision: 0,
    });
  });

  it('runs to an end time on the server clock and counts down to zero, not below', () => {
    const timer = run([[0, { action: 'start', durationMs: 60_000 }]]);
    expect(timer).toEqual({ status: 'running', durationMs: 60_000, remainingMs: 60_000, endsAt: at(60_000), updatedBy: 'u1', revision: 1 });
    expect(timerAt(timer, T0 + 15_000).remainingMs).toBe(45_000);
    expect(timerAt(timer, T0 + 90_000)).toEqual(expect.objectContaining({ status: 'running', remainingMs: 0 }));
  });

  it('pauses with what is left and resumes from there', () => {
    const paused = run([
      [0, { action: 'start', durationMs: 60_000 }],
      [20_000, { action: 'pause' }],
    ]);
    expect(paused).toEqual(expect.objectContaining({ status: 'paused', remainingMs: 40_000, revision: 2 }));
    expect(paused.endsAt).toBeUndefined();
    expect(timerAt(paused, T0 + 999_000).remainingMs).toBe(40_000);
    const resumed = run([[100_000, { action: 'resume' }]], paused);
    expect(resumed).toEqual(expect.objectContaining({ status: 'running', endsAt: at(140_000), durationMs: 60_000 }));
  });

  it('resets to the length it was started with, from any state', () => {
    const reset = run([
      [0, { action: 'start', durationMs: 90_000 }],
      [10_000, { action: 'reset' }],
    ]);
    expect(reset).toEqual(expect.objectContaining({ status: 'idle', durationMs: 90_000, remainingMs: 90_000 }));
    expect(reset.endsAt).toBeUndefined();
    expect(run([[0, { action: 'reset' }]], reset).revision).toBe(3);
  });

  it('extends or shortens a running or paused timer, keeping its length', () => {
    const running = run([
      [0, { action: 'start', durationMs: 60_000 }],
      [10_000, { action: 'extend', byMs: 30_000 }],
    ]);
    expect(running).toEqual(expect.objectContaining({ status: 'running', endsAt: at(90_000), durationMs: 60_000 }));
    const paused = run(
      [
        [20_000, { action: 'pause' }],
        [30_000, { action: 'extend', byMs: -10_000 }],
      ],
      running,
    );
    expect(paused).toEqual(expect.objectContaining({ status: 'paused', remainingMs: 60_000 }));
  });

  it('restarts a running timer on start', () => {
    const timer = run([
      [0, { action: 'start', durationMs: 60_000 }],
      [5_000, { action: 'start', durationMs: 120_000 }],
    ]);
    expect(timer).toEqual(expect.objectContaining({ status: 'running', durationMs: 120_000, endsAt: at(125_000), revision: 2 }));
  });

  it.each<[string, Array<[number, TimerCommand]>, TimerCommand, number]>([
    ['pause an idle timer', [], { action: 'pause' }, 0],
    ['pause a timer that has run out', [[0, { action: 'start', durationMs: 10_000 }]], { action: 'pause' }, 10_000],
    [
      'pause a paused timer',
      [
        [0, { action: 'start', durationMs: 10_000 }],
        [1, { action: 'pause' }],
      ],
      { action: 'pause' },
      2,
    ],
    ['resume a running timer', [[0, { action: 'start', durationMs: 10_000 }]], { action: 'resume' }, 1],
    ['extend an idle timer', [], { action: 'extend', byMs: 5_000 }, 0],
    ['extend a timer that has run out', [[0, { action: 'start', durationMs: 10_000 }]], { action: 'extend', byMs: 5_000 }, 20_000],
    ['take off more than is left', [[0, { action: 'start', durationMs: 10_000 }]], { action: 'extend', byMs: -10_000 }, 0],
    ['extend beyond the longest timer', [[0, { action: 'start', durationMs: MAX_TIMER_MS }]], { action: 'extend', byMs: 1_000 }, 0],
  ])('refuses to %s', (_what, before, command, nowMs) => {
    const timer = run(before);
    expect(applyTimerCommand(timer, command, T0 + nowMs, 'u2').kind).toBe('conflict');
  });
});
