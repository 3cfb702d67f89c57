import type { NoteColor } from '@contracts/boards';

/** Each colour's name, for the swatches' labels (the colour ids stay English in data attributes). */
export const COLOR_NAMES: Record<NoteColor, string> = {
  yellow: $localize`:@@board.color.yellow:yellow`,
  pink: $localize`:@@board.color.pink:pink`,
  blue: $localize`:@@board.color.blue:blue`,
  green: $localize`:@@board.color.green:green`,
  orange: $localize`:@@board.color.orange:orange`,
  purple: $localize`:@@board.color.purple:purple`,
};
