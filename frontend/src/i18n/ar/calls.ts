import type { Translations } from '../bundle';

export const calls: Translations = {};
