import type { Translations } from '../bundle';

export const follow: Translations = {
  'follow.banner.summoned': 'جمع {$INTERPOLATION} الجميع هنا: أنت تتابع {$START_TAG_STRONG}{$INTERPOLATION}{$CLOSE_TAG_STRONG}',
  'follow.banner.following': 'أنت تتابع {$START_TAG_STRONG}{$INTERPOLATION}{$CLOSE_TAG_STRONG}',
  'follow.banner.stop': 'إيقاف',
  'follow.banner.someone': 'شخص ما',
  'follow.zoom.toolbar': 'التكبير',
  'follow.zoom.out': 'تصغير',
  'follow.zoom.reset': 'إعادة التكبير إلى 100٪',
  'follow.zoom.level': '{$INTERPOLATION}٪',
  'follow.zoom.in': 'تكبير',
  'follow.zoom.fit': 'ملاءمة اللوحة',
  'follow.zoom.summon': 'اجمع الجميع عندي',
  'follow.zoom.summonTitle': 'اجمع الجميع إلى عرضي',
};
