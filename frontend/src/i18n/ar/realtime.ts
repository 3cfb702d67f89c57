import type { Translations } from '../bundle';

export const realtime: Translations = {
  'realtime.accessLoss.left': 'غادرت «{$title}».',
  'realtime.accessLoss.removed': 'تمت إزالتك من «{$title}».',
  'realtime.accessLoss.deleted': 'حذف المالك «{$title}».',
  'realtime.label.connecting': 'جارٍ الاتصال…',
  'realtime.label.live': 'متصل',
  'realtime.label.reconnecting': 'جارٍ إعادة الاتصال…',
  'realtime.label.offline': 'غير متصل',
  'realtime.state.connecting': 'جارٍ الاتصال',
  'realtime.state.live': 'متصل',
  'realtime.state.reconnecting': 'إعادة الاتصال',
  'realtime.state.offline': 'غير متصل',
  'realtime.state.polling': 'استطلاع دوري',
  'realtime.connection': 'الاتصال:',
  'realtime.latency.title': 'زمن الذهاب والإياب إلى الخادم',
};
