import type { Translations } from '../bundle';

export const notifications: Translations = {};
