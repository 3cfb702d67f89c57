import type { Translations } from '../bundle';

export const facilitation: Translations = {};
