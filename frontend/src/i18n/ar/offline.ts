import type { Translations } from '../bundle';

export const offline: Translations = {};
