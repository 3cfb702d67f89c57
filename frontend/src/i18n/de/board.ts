import type { Translations } from '../bundle';

export const board: Translations = {};
