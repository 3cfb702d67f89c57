import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { IceCandidate } from '@contracts/calls';

import { IceBatcher } from './ice-batcher';

const candidate = (n: number): IceCandidate => ({ candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${5000 + n} typ host`, sdpMid: '0' });

describe('IceBatcher', () => {
  let sent: IceCandidate[][];
  let batcher: IceBatcher;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batcher = new IceBatcher((batch) => sent.push(batch), 150);
  });

  afterEach(() => vi.useRealTimers());

  it('holds candidates until the call has an id, then sends them in one batch', () => {
    batcher.add(candidate(1));
    batcher.add(candidate(2));
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    batcher.start();
    vi.advanceTimersByTime(149);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[candidate(1), candidate(2)]]);
  });

  it('candidates trickling in within one interval share a POST; later ones get the next', () => {
    batcher.start();
    batcher.add(candidate(1));
    vi.advanceTimersByTime(100);
    batcher.add(candidate(2));
    vi.advanceTimersByTime(50);
    batcher.add(candidate(3));
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([[candidate(1), candidate(2)], [candidate(3)]]);
  });

  it('ends with an empty batch after the last candidates, once', () => {
    batcher.start();
    batcher.add(candidate(1));
    batcher.end();
    batcher.end();
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([[candidate(1)], []]);
  });

  it('never sends more than the limit in one batch', () => {
    const small = new IceBatcher((batch) => sent.push(batch), 150, 2);
    small.start();
    [1, 2, 3].forEach((n) => small.add(candidate(n)));
    vi.advanceTimersByTime(150);
    expect(sent.map((batch) => batch.length)).toEqual([2, 1]);
  });

  it('sends nothing after stop', () => {
    batcher.start();
    batcher.add(candidate(1));
    batcher.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
