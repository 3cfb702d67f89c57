import type { Translations } from '../bundle';

export const realtime: Translations = {};
