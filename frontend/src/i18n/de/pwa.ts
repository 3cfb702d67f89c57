import type { Translations } from '../bundle';

export const pwa: Translations = {
  'pwa.update.newVersion': 'Eine neue Version von Corkboard ist bereit.',
  'pwa.update.brokenVersion': 'Diese Version von Corkboard kann nicht mehr alle ihre Dateien laden.',
  'pwa.update.reload': 'Neu laden',
  'pwa.update.later': 'Später',
};
