import type { Translations } from '../bundle';

export const encryption: Translations = {
  'encryption.badge.encrypted': 'مشفّرة من طرف إلى طرف',
  'encryption.badge.plainHint': 'يستطيع الخادم قراءة الرسائل هنا',
  'encryption.badge.plain': 'غير مشفّرة',
  'encryption.keyChange.mismatch': 'رقم الأمان الخاص بـ{$INTERPOLATION} لم يعد يطابق الرقم الذي تحققت منه.',
  'encryption.keyChange.changed': 'تغيّرت مفاتيح التشفير الخاصة بـ{$INTERPOLATION}.',
  'encryption.keyChange.explain': 'أُضيف جهاز أو أُزيل. إن لم تكن تتوقع ذلك، فقارن أرقام الأمان قبل مشاركة أي شيء حساس.',
  'encryption.keyChange.review': 'إظهار أرقام الأمان',
  'encryption.keyChange.dismiss': 'تجاهل',
  'encryption.safety.title': 'أرقام الأمان',
  'encryption.safety.help':
    'الرسائل هنا مشفّرة من طرف إلى طرف. قارن هذه الأرقام بما يعرضه تطبيق جهة اتصالك لك، وجهًا لوجه أو خلال مكالمة: عندما تتطابق، لا يستطيع أحد في المنتصف قراءة رسائلكما.',
  'encryption.safety.reading': 'جارٍ قراءة مفاتيحهم…',
  'encryption.safety.noKeys': 'ليست لديهم مفاتيح تشفير بعد: ستصلهم الرسائل بمجرد تسجيل دخولهم على جهاز.',
  'encryption.safety.devices':
    '{VAR_PLURAL, plural, zero {لا أجهزة} one {جهاز واحد} two {جهازان} few {{INTERPOLATION} أجهزة} many {{INTERPOLATION} جهازًا} other {{INTERPOLATION} جهاز}}',
  'encryption.safety.verified': 'تم التحقق: قارنتُ هذا الرقم مع {$INTERPOLATION}',
  'encryption.safety.close': 'إغلاق',
  'encryption.safety.numberLabel': 'رقم الأمان {$number}',
};
