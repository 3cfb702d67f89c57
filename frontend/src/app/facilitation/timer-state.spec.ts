import { describe, expect, it } from 'vitest';

import type { BoardTimer } from '@contracts/facilitation';

import { NO_TIMER, formatClock, parseDuration, remainingAt, spokenClock, timerApplied } from './timer-state';

const SERVER_NOW = Date.parse('2026-12-03T10:00:00.000Z');

const running = (changes: Partial<BoardTimer> = {}): BoardTimer => ({
  status: 'running',
  durationMs: 60_000,
  endsAt: new Date(SERVER_NOW + 60_000).toISOString(),
  remainingMs: 60_000,
  updatedBy: 'u1',
  revision: 2,
  ...changes,
});

describe('timer state', () => {
  it('counts down by the server clock, corrected for our clock running behind', () => {
    // Our clock is 5 s behind the server's.
    const receivedAt = SERVER_NOW - 5_000;
    const model = timerApplied(NO_TIMER, { timer: running(), serverTime: new Date(SERVER_NOW).toISOString() }, receivedAt);
    expect(model.offsetMs).toBe(5_000);
    expect(remainingAt(model, receivedAt)).toBe(60_000);
    expect(remainingAt(model, receivedAt + 20_000)).toBe(40_000);
    expect(remainingAt(model, receivedAt + 90_000)).toBe(0);
  });

  it('shows what a paused or idle timer holds, whatever the clock', () => {
    const paused = timerApplied(
      NO_TIMER,
      { timer: running({ status: 'paused', endsAt: undefined, remainingMs: 12_345 }), serverTime: '' },
      0,
    );
    expect(remainingAt(paused, 1e12)).toBe(12_345);
    expect(remainingAt(NO_TIMER, 0)).toBe(0);
  });

  it('never applies an older revision, but a refetch of the same one refreshes the clock offset', () => {
    const model = timerApplied(NO_TIMER, { timer: running({ revision: 3 }), serverTime: new Date(SERVER_NOW).toISOString() }, SERVER_NOW);
    const older = timerApplied(
      model,
      { timer: running({ revision: 2, status: 'paused' }), serverTime: new Date(SERVER_NOW).toISOString() },
      SERVER_NOW,
    );
    expect(older).toBe(model);
    const again = timerApplied(
      model,
      { timer: running({ revision: 3 }), serverTime: new Date(SERVER_NOW + 1_000).toISOString() },
      SERVER_NOW,
    );
    expect(again.offsetMs).toBe(1_000);
  });

  it('formats mm:ss rounding up, so 00:00 shows only at zero', () => {
    expect(formatClock(60_000)).toBe('01:00');
    expect(formatClock(59_001)).toBe('01:00');
    expect(formatClock(1)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(90 * 60_000)).toBe('90:00');
    expect(spokenClock(65_000)).toBe('1 minute 5 seconds');
    expect(spokenClock(0)).toBe('0 seconds');
  });

  it('shows the clock in the locale’s digits and says the time in its words', () => {
    expect(formatClock(65_000, 'de')).toBe('01:05');
    expect(formatClock(65_000, 'ar-EG')).toBe('٠١:٠٥');
    expect(spokenClock(65_000, 'de')).toBe('1 Minute, 5 Sekunden');
    expect(spokenClock(120_000, 'de')).toBe('2 Minuten');
  });

  it('reads minutes, mm:ss and seconds', () => {
    expect(parseDuration('7')).toBe(420_000);
    expect(parseDuration('1:30')).toBe(90_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('2 min')).toBe(120_000);
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('1:75')).toBeNull();
  });
});
