import type { Translations } from '../bundle';

export const offline: Translations = {
  'offline.outbox.syncing':
    '{VAR_PLURAL, plural, =1 {{INTERPOLATION} Änderung wird synchronisiert…} other {{INTERPOLATION} Änderungen werden synchronisiert…}}',
  'offline.outbox.waiting': '{VAR_PLURAL, plural, =1 {{INTERPOLATION} Änderung wartet} other {{INTERPOLATION} Änderungen warten}}',
  'offline.discard.question':
    '{VAR_PLURAL, plural, =1 {{INTERPOLATION} Änderung wurde noch nicht gesendet. Abmelden und sie verwerfen?} other {{INTERPOLATION} Änderungen wurden noch nicht gesendet. Abmelden und sie verwerfen?}}',
  'offline.discard.help': 'Sie bleiben auf diesem Gerät, bis du wieder online bist. Beim Abmelden werden sie gelöscht.',
  'offline.discard.cancel': 'Abbrechen',
  'offline.discard.confirm': 'Abmelden und verwerfen',
};
