import type { Translations } from '../bundle';

export const core: Translations = {
  'core.toast.dismiss': 'إغلاق',
  'core.time.justNow': 'الآن',
};
