import type { Translations } from '../bundle';

export const jobs: Translations = {};
