import { describe, expect, it } from 'vitest';

import { type TimerMoment, timerNews } from './timer-news';

const running = (remainingMs: number): TimerMoment => ({ status: 'running', remainingMs });
const paused: TimerMoment = { status: 'paused', remainingMs: 30_000 };
const idle: TimerMoment = { status: 'idle', remainingMs: 60_000 };

describe('timerNews', () => {
  it('tells when a run reaches zero while we watch, once', () => {
    expect(timerNews(running(250), running(0), true)).toBe('up');
    expect(timerNews(running(0), running(0), true)).toBeNull();
  });

  it('tells when the facilitator stops a running or paused timer, and a reset after time ran out', () => {
    expect(timerNews(running(20_000), idle, true)).toBe('stopped');
    expect(timerNews(paused, idle, true)).toBe('stopped');
    expect(timerNews(running(0), idle, true)).toBe('reset');
  });

  it('says nothing about starting, pausing, resuming or a run still going', () => {
    expect(timerNews(idle, running(60_000), true)).toBeNull();
    expect(timerNews(running(20_000), paused, true)).toBeNull();
    expect(timerNews(paused, running(30_000), true)).toBeNull();
    expect(timerNews(running(20_000), running(19_750), true)).toBeNull();
    expect(timerNews(idle, idle, true)).toBeNull();
  });

  it('never tells what was read on arrival or after a reconnect', () => {
    expect(timerNews(null, running(0), true)).toBeNull();
    expect(timerNews(running(250), running(0), false)).toBeNull();
    expect(timerNews(running(20_000), idle, false)).toBeNull();
  });
});
