import type { Translations } from '../bundle';

export const follow: Translations = {};
