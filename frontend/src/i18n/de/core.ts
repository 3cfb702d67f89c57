import type { Translations } from '../bundle';

export const core: Translations = {
  'core.toast.dismiss': 'Schließen',
  'core.time.justNow': 'gerade eben',
};
