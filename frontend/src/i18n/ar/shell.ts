import type { Translations } from '../bundle';

export const shell: Translations = {
  'shell.title.signIn': 'تسجيل الدخول · Corkboard',
  'shell.title.register': 'إنشاء حساب · Corkboard',
  'shell.title.join': 'الانضمام إلى لوحة · Corkboard',
  'shell.title.boards': 'اللوحات · Corkboard',
  'shell.title.board': 'لوحة · Corkboard',
  'shell.title.conversations': 'الرسائل · Corkboard',
  'shell.title.conversation': 'محادثة · Corkboard',
  'shell.language.button': 'اللغة',
  'shell.signedInAs': 'مسجَّل الدخول باسم',
  'shell.logout': 'تسجيل الخروج',
  'shell.toast.invited': 'دعاك {$name} إلى «{$board}». اقبل الدعوة من إشعاراتك.',
  'shell.toast.stillSignedIn': 'ما زلت مسجَّل الدخول على كل الأجهزة: {$reason}',
  'shell.offline.banner': 'غير متصل — ستُزامَن التغييرات لاحقًا',
};
