import type { Translations } from '../bundle';

export const errors: Translations = {};
