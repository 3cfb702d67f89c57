import type { Translations } from '../bundle';

export const notifications: Translations = {
  'notifications.bell': 'الإشعارات',
  'notifications.bell.unread': 'الإشعارات، {$count} غير مقروءة',
  'notifications.dropdown.label': 'الإشعارات',
  'notifications.dropdown.title': 'الإشعارات',
  'notifications.markAllRead': 'تعليم الكل كمقروء',
  'notifications.loadFailed': 'تعذّر تحميل الإشعارات.',
  'notifications.retry': 'إعادة المحاولة',
  'notifications.empty': 'لا جديد، اطّلعت على كل شيء.',
  'notifications.loading': 'جارٍ التحميل…',
  'notifications.invite.accept': 'قبول',
  'notifications.invite.decline': 'رفض',
  'notifications.invite.asViewer':
    'دعاك {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} إلى {$START_TAG_STRONG}«{$BOARD}»{$CLOSE_TAG_STRONG} كمشاهد',
  'notifications.invite.asEditor':
    'دعاك {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} إلى {$START_TAG_STRONG}«{$BOARD}»{$CLOSE_TAG_STRONG} كمحرر',
  'notifications.mention.board': 'أشار إليك {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} في دردشة لوحة',
  'notifications.mention.conversation': 'أشار إليك {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} في محادثة',
  'notifications.mention.sealed': 'رسالة مشفّرة بين الطرفين',
  'notifications.call.busy': 'اتصل بك {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} وأنت في مكالمة أخرى',
  'notifications.call.missedVideo': 'مكالمة فيديو فائتة من {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG}',
  'notifications.call.missedVoice': 'مكالمة صوتية فائتة من {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG}',
  'notifications.unread': 'غير مقروء',
};
