import type { Translations } from '../bundle';

export const pwa: Translations = {
  'pwa.update.newVersion': 'إصدار جديد من Corkboard جاهز.',
  'pwa.update.brokenVersion': 'لم يعد هذا الإصدار من Corkboard قادرًا على تحميل جميع ملفاته.',
  'pwa.update.reload': 'إعادة التحميل',
  'pwa.update.later': 'لاحقًا',
};
