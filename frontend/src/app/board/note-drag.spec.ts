import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { NoteDrag } from './note-drag';

describe('NoteDrag', () => {
  let shown: Array<[number, number]>;
  let sent: Array<[number, number]>;
  let sentAt: number[];
  const sink = {
    show: (x: number, y: number) => shown.push([x, y]),
    send: (x: number, y: number) => {
      sent.push([x, y]);
      sentAt.push(Date.now());
    },
  };

  beforeEach(() => {
    vi.useFakeTimers();
    shown = [];
    sent = [];
    sentAt = [];
  });
  afterEach(() => vi.useRealTimers());

  it('shows every move but sends at most 10 a second, and always sends where the drag ended', () => {
    const drag = new NoteDrag({ x: 100, y: 100, clientX: 500, clientY: 400 }, sink);
    // A pointer move every frame (~60/s) for one second.
    for (let frame = 1; frame <= 60; frame++) {
      vi.advanceTimersByTime(16);
      drag.move(500 + frame * 5, 400 + frame);
    }
    expect(shown).toHaveLength(60);
    expect(sent.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < sentAt.length; i++) {
      expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(100);
    }

    expect(drag.end(500 + 61 * 5, 400 + 61)).toBe(true);
    expect(sent.at(-1)).toEqual([100 + 61 * 5, 100 + 61]);
    // Nothing left over to arrive after the final position.
    const count = sent.length;
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(count);
  });

  it('sends the final position even when it lands inside the throttle interval', () => {
    const drag = new NoteDrag({ x: 0, y: 0, clientX: 0, clientY: 0 }, sink);
    drag.move(20, 0);
    vi.advanceTimersByTime(10);
    drag.move(40, 10);
    drag.end(45, 12);
    expect(sent).toEqual([
      [20, 0],
      [45, 12],
    ]);
  });

  it('treats a press that barely moves as a click: nothing shown, nothing sent', () => {
    const drag = new NoteDrag({ x: 10, y: 10, clientX: 50, clientY: 50 }, sink);
    drag.move(51, 52);
    expect(drag.end(52, 51)).toBe(false);
    expect(shown).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('moves the note by the pointer travel in board pixels on a zoomed board', () => {
    const drag = new NoteDrag({ x: 100, y: 100, clientX: 500, clientY: 400 }, sink, 0.5);
    expect(drag.end(600, 450)).toBe(true);
    expect(sent.at(-1)).toEqual([300, 200]);
  });
});
