import type { Translations } from '../bundle';

export const a11y: Translations = {};
