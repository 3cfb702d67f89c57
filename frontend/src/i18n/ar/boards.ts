import type { Translations } from '../bundle';

export const boards: Translations = {};
