import type { Translations } from '../bundle';

export const offline: Translations = {
  'offline.outbox.syncing':
    '{VAR_PLURAL, plural, =1 {جارٍ مزامنة تغيير واحد…} =2 {جارٍ مزامنة تغييرين…} few {جارٍ مزامنة {INTERPOLATION} تغييرات…} many {جارٍ مزامنة {INTERPOLATION} تغييرًا…} other {جارٍ مزامنة {INTERPOLATION} تغيير…}}',
  'offline.outbox.waiting':
    '{VAR_PLURAL, plural, =1 {تغيير واحد بانتظار الإرسال} =2 {تغييران بانتظار الإرسال} few {{INTERPOLATION} تغييرات بانتظار الإرسال} many {{INTERPOLATION} تغييرًا بانتظار الإرسال} other {{INTERPOLATION} تغيير بانتظار الإرسال}}',
  'offline.discard.question':
    '{VAR_PLURAL, plural, =1 {لم يُرسَل تغيير واحد بعد. هل تريد تسجيل الخروج وتجاهله؟} =2 {لم يُرسَل تغييران بعد. هل تريد تسجيل الخروج وتجاهلهما؟} few {لم تُرسَل {INTERPOLATION} تغييرات بعد. هل تريد تسجيل الخروج وتجاهلها؟} many {لم يُرسَل {INTERPOLATION} تغييرًا بعد. هل تريد تسجيل الخروج وتجاهلها؟} other {لم يُرسَل {INTERPOLATION} تغيير بعد. هل تريد تسجيل الخروج وتجاهلها؟}}',
  'offline.discard.help': 'ستبقى على هذا الجهاز حتى تعود متصلًا بالإنترنت. تسجيل الخروج يحذفها.',
  'offline.discard.cancel': 'إلغاء',
  'offline.discard.confirm': 'تسجيل الخروج والتجاهل',
};
