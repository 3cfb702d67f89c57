import type { Translations } from '../bundle';

export const shell: Translations = {};
