import type { Translations } from '../bundle';

export const chat: Translations = {};
