import type { Translations } from '../bundle';

export const pwa: Translations = {};
