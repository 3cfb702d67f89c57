import type { Translations } from '../bundle';

export const presence: Translations = {};
