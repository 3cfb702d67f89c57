import { NOTE_HEIGHT, NOTE_WIDTH } from './note-entry';

export interface Viewport {
  left: number;
  top: number;
  width: number;
  height: number;
}

const GAP = 24;
const MARGIN = 24;

/**
 * Where "New note" puts a note: the first spot of a grid over the visible part of the
 * board that no note covers, scanning rows from the top left; if the view is full, a
 * small cascade from its middle, so the new note is at least visible.
 */
export function freeSpot(view: Viewport, notes: readonly { x: number; y: number }[]): { x: number; y: number } {
  const stepX = NOTE_WIDTH + GAP;
  const stepY = NOTE_HEIGHT + GAP;
  for (let y = view.top + MARGIN; y + NOTE_HEIGHT <= view.top + view.height; y += stepY) {
    for (let x = view.left + MARGIN; x + NOTE_WIDTH <= view.left + view.width; x += stepX) {
      if (!notes.some((note) => overlaps(note, x, y))) {
        return { x, y };
      }
    }
  }
  const cascade = (notes.length % 6) * 28;
  return {
    x: view.left + Math.max(MARGIN, view.width / 2 - NOTE_WIDTH / 2) + cascade,
    y: view.top + Math.max(MARGIN, view.height / 2 - NOTE_HEIGHT / 2) + cascade,
  };
}

function overlaps(note: { x: number; y: number }, x: number, y: number): boolean {
  return (
    note.x < x + NOTE_WIDTH + GAP / 2 &&
    x < note.x + NOTE_WIDTH + GAP / 2 &&
    note.y < y + NOTE_HEIGHT + GAP / 2 &&
    y < note.y + NOTE_HEIGHT + GAP / 2
  );
}
