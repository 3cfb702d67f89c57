import { describe, expect, it } from 'vitest';

import { NOTE_HEIGHT, NOTE_WIDTH } from './note-entry';
import { freeSpot } from './placement';

describe('freeSpot', () => {
  const view = { left: 0, top: 0, width: 1280, height: 700 };

  it('takes the top-left spot of an empty view', () => {
    expect(freeSpot(view, [])).toEqual({ x: 24, y: 24 });
  });

  it('skips spots other notes cover', () => {
    const spot = freeSpot(view, [{ x: 30, y: 30 }]);
    expect(spot).toEqual({ x: 24 + NOTE_WIDTH + 24, y: 24 });
  });

  it('stays inside a scrolled view', () => {
    expect(freeSpot({ left: 800, top: 400, width: 375, height: 600 }, [])).toEqual({ x: 824, y: 424 });
  });

  it('falls back to the middle of a full view', () => {
    const small = { left: 0, top: 0, width: NOTE_WIDTH + 48, height: NOTE_HEIGHT + 48 };
    const spot = freeSpot(small, [{ x: 24, y: 24 }]);
    expect(spot.x).toBeGreaterThanOrEqual(0);
    expect(spot.y).toBeGreaterThanOrEqual(0);
  });
});
