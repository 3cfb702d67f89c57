import type { Translations } from '../bundle';

export const encryption: Translations = {};
