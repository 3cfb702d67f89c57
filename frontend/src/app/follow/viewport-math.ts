import { BOARD_HEIGHT, BOARD_WIDTH } from '@contracts/boards';
import { MAX_ZOOM, MIN_ZOOM, type Viewport } from '@contracts/facilitation';

/** The scroll container as the browser has it: scroll offsets and visible size, in screen pixels. */
export interface ScrollView {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The zoom levels the buttons and keys step through. */
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Number.isFinite(zoom) ? zoom : 1));
}

/** The next level up (direction 1) or down (-1) from any zoom, even one between steps (after a pinch). */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  const epsilon = 1e-3;
  const next =
    direction > 0 ? ZOOM_STEPS.find((step) => step > zoom + epsilon) : [...ZOOM_STEPS].reverse().find((step) => step < zoom - epsilon);
  return next ?? clampZoom(zoom);
}

/** The largest zoom at which the whole board fits the view. */
export function fitZoom(width: number, height: number): number {
  return clampZoom(Math.min(width / BOARD_WIDTH, height / BOARD_HEIGHT));
}

/** Scroll offsets can never go past what the scaled board allows. */
export function clampScroll(view: ScrollView, zoom: number): ScrollView {
  const maxLeft = Math.max(0, BOARD_WIDTH * zoom - view.width);
  const maxTop = Math.max(0, BOARD_HEIGHT * zoom - view.height);
  return { ...view, left: Math.min(maxLeft, Math.max(0, view.left)), top: Math.min(maxTop, Math.max(0, view.top)) };
}

/** A point in the view (pixels from its top left corner) as a board point. */
export function toBoard(view: ScrollView, zoom: number, offsetX: number, offsetY: number): { x: number; y: number } {
  return { x: (view.left + offsetX) / zoom, y: (view.top + offsetY) / zoom };
}

/** What the view shows, in board coordinates. */
export function visibleBoard(view: ScrollView, zoom: number): ScrollView {
  return { left: view.left / zoom, top: view.top / zoom, width: view.width / zoom, height: view.height / zoom };
}

/** Where a view looks: the board point at its centre (kept on the board) and the zoom. */
export function centreOf(view: ScrollView, zoom: number): Viewport {
  const centre = toBoard(view, zoom, view.width / 2, view.height / 2);
  return { x: round(clamp(centre.x, BOARD_WIDTH)), y: round(clamp(centre.y, BOARD_HEIGHT)), zoom: round(zoom, 1000) };
}

/** The scroll offsets that put a board point at the centre of a view of this size. */
export function scrollToCentre(viewport: Viewport, width: number, height: number): ScrollView {
  const zoom = clampZoom(viewport.zoom);
  return clampScroll({ left: viewport.x * zoom - width / 2, top: viewport.y * zoom - height / 2, width, height }, zoom);
}

/** Zooming keeps the board point under (offsetX, offsetY) where it is: the scroll offsets after the zoom. */
export function zoomAround(view: ScrollView, zoom: number, nextZoom: number, offsetX: number, offsetY: number): ScrollView {
  const point = toBoard(view, zoom, offsetX, offsetY);
  return clampScroll({ ...view, left: point.x * nextZoom - offsetX, top: point.y * nextZoom - offsetY }, nextZoom);
}

/** Two views look at the same place (within `tolerance` board pixels and a hair of zoom). */
export function sameViewport(a: Viewport, b: Viewport, tolerance = 1): boolean {
  return Math.abs(a.x - b.x) <= tolerance && Math.abs(a.y - b.y) <= tolerance && Math.abs(a.zoom - b.zoom) < 1e-3;
}

function clamp(value: number, max: number): number {
  return Math.min(max, Math.max(0, value));
}

function round(value: number, factor = 1): number {
  return Math.round(value * factor) / factor;
}
