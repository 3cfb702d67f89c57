import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { CURSOR_SEND_INTERVAL_MS, CursorSender } from './cursor-sender';

describe('CursorSender', () => {
  let sent: Array<[number, number]>;
  let sender: CursorSender;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    sender = new CursorSender((x, y) => sent.push([x, y]));
  });

  afterEach(() => vi.useRealTimers());

  it('sends at most ten positions a second, however fast the pointer moves', () => {
    // A pointer reporting every 4 ms for a whole second.
    for (let t = 0; t < 1_000; t += 4) {
      sender.move(t, t / 2);
      vi.advanceTimersByTime(4);
    }
    expect(sent.length).toBeLessThanOrEqual(1_000 / CURSOR_SEND_INTERVAL_MS + 1);
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent[0]).toEqual([0, 0]);
  });

  it('always sends the last position once the interval is over', () => {
    sender.move(10, 10);
    sender.move(20, 20);
    sender.move(30, 35);
    expect(sent).toEqual([[10, 10]]);

    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS);
    expect(sent).toEqual([
      [10, 10],
      [30, 35],
    ]);
    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS * 5);
    expect(sent).toHaveLength(2);
  });

  it('sends the last position over the board when the pointer leaves, and nothing while it is outside', () => {
    sender.move(10, 10);
    sender.move(50, 60);
    sender.leave();
    expect(sent).toEqual([
      [10, 10],
      [50, 60],
    ]);

    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS * 10);
    sender.leave();
    expect(sent).toHaveLength(2);
  });

  it('sends whole board coordinates inside the board, and nothing for a pointer that did not move', () => {
    sender.move(-5.4, 12.6);
    sender.move(-9, 13);
    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS);
    sender.move(9_999, 9_999);
    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS);

    expect(sent).toEqual([
      [0, 13],
      [4000, 3000],
    ]);
  });

  it('stops for good when stopped', () => {
    sender.move(1, 1);
    sender.move(2, 2);
    sender.stop();
    vi.advanceTimersByTime(CURSOR_SEND_INTERVAL_MS * 3);
    expect(sent).toEqual([[1, 1]]);
  });
});
