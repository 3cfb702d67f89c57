import type { Translations } from '../bundle';

export const notifications: Translations = {
  'notifications.bell': 'Benachrichtigungen',
  'notifications.bell.unread': 'Benachrichtigungen, {$count} ungelesen',
  'notifications.dropdown.label': 'Benachrichtigungen',
  'notifications.dropdown.title': 'Benachrichtigungen',
  'notifications.markAllRead': 'Alle als gelesen markieren',
  'notifications.loadFailed': 'Benachrichtigungen konnten nicht geladen werden.',
  'notifications.retry': 'Erneut versuchen',
  'notifications.empty': 'Du bist auf dem neuesten Stand.',
  'notifications.loading': 'Wird geladen…',
  'notifications.invite.accept': 'Annehmen',
  'notifications.invite.decline': 'Ablehnen',
  'notifications.invite.asViewer':
    '{$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} hat dich zu {$START_TAG_STRONG}„{$BOARD}“{$CLOSE_TAG_STRONG} als Betrachter eingeladen',
  'notifications.invite.asEditor':
    '{$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} hat dich zu {$START_TAG_STRONG}„{$BOARD}“{$CLOSE_TAG_STRONG} als Bearbeiter eingeladen',
  'notifications.mention.board': '{$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} hat dich in einem Board-Chat erwähnt',
  'notifications.mention.conversation': '{$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} hat dich in einer Unterhaltung erwähnt',
  'notifications.mention.sealed': 'Ende-zu-Ende-verschlüsselte Nachricht',
  'notifications.call.busy': '{$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG} hat angerufen, während du in einem anderen Anruf warst',
  'notifications.call.missedVideo': 'Verpasster Videoanruf von {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG}',
  'notifications.call.missedVoice': 'Verpasster Sprachanruf von {$START_TAG_STRONG}{$NAME}{$CLOSE_TAG_STRONG}',
  'notifications.unread': 'ungelesen',
};
