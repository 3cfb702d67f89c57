import type { Translations } from '../bundle';

export const realtime: Translations = {
  'realtime.accessLoss.left': 'Du hast „{$title}“ verlassen.',
  'realtime.accessLoss.removed': 'Du wurdest aus „{$title}“ entfernt.',
  'realtime.accessLoss.deleted': '„{$title}“ wurde vom Besitzer gelöscht.',
  'realtime.label.connecting': 'Verbinde…',
  'realtime.label.live': 'Live',
  'realtime.label.reconnecting': 'Verbinde erneut…',
  'realtime.label.offline': 'Offline',
  'realtime.state.connecting': 'verbinde',
  'realtime.state.live': 'live',
  'realtime.state.reconnecting': 'verbinde erneut',
  'realtime.state.offline': 'offline',
  'realtime.state.polling': 'Abfrage',
  'realtime.connection': 'Verbindung:',
  'realtime.latency.title': 'Antwortzeit des Servers',
};
