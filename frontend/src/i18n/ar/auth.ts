import type { Translations } from '../bundle';

export const auth: Translations = {
  'auth.login.title': 'تسجيل الدخول',
};
