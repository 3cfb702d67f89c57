import { describe, expect, it } from 'vitest';

import { centreOf, clampZoom, fitZoom, scrollToCentre, stepZoom, toBoard, visibleBoard, zoomAround } from './viewport-math';

describe('viewport math', () => {
  const view = { left: 400, top: 300, width: 1000, height: 600 };

  it('keeps zoom within the limits', () => {
    expect(clampZoom(5)).toBe(2);
    expect(clampZoom(0.01)).toBe(0.25);
    expect(clampZoom(Number.NaN)).toBe(1);
  });

  it('steps through the zoom levels, from between levels too', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.8, -1)).toBe(0.75);
    expect(stepZoom(2, 1)).toBe(2);
    expect(stepZoom(0.25, -1)).toBe(0.25);
  });

  it('fits the whole board', () => {
    expect(fitZoom(2000, 3000)).toBe(0.5);
    expect(fitZoom(100, 100)).toBe(0.25);
  });

  it('converts view points to board points at any zoom', () => {
    expect(toBoard(view, 1, 10, 20)).toEqual({ x: 410, y: 320 });
    expect(toBoard(view, 0.5, 10, 20)).toEqual({ x: 820, y: 640 });
    expect(visibleBoard(view, 2)).toEqual({ left: 200, top: 150, width: 500, height: 300 });
  });

  it('goes from scroll to centre and back', () => {
    const centre = centreOf(view, 0.5);
    expect(centre).toEqual({ x: 1800, y: 1200, zoom: 0.5 });
    expect(scrollToCentre(centre, 1000, 600)).toEqual(view);
  });

  it('centres the same board point on a screen of another size', () => {
    const scroll = scrollToCentre({ x: 2000, y: 1500, zoom: 1 }, 500, 400);
    expect(centreOf(scroll, 1)).toEqual({ x: 2000, y: 1500, zoom: 1 });
  });

  it('keeps the scroll within the scaled board', () => {
    expect(scrollToCentre({ x: 0, y: 0, zoom: 1 }, 800, 600)).toMatchObject({ left: 0, top: 0 });
    expect(scrollToCentre({ x: 4000, y: 3000, zoom: 0.25 }, 800, 600)).toMatchObject({ left: 200, top: 150 });
  });

  it('zooms around the pointer: the board point under it stays under it', () => {
    const before = toBoard(view, 1, 250, 150);
    const after = zoomAround(view, 1, 2, 250, 150);
    expect(toBoard(after, 2, 250, 150)).toEqual(before);
  });
});
