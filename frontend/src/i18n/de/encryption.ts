import type { Translations } from '../bundle';

export const encryption: Translations = {
  'encryption.badge.encrypted': 'Ende-zu-Ende-verschlüsselt',
  'encryption.badge.plainHint': 'Nachrichten hier kann der Server lesen',
  'encryption.badge.plain': 'Nicht verschlüsselt',
  'encryption.keyChange.mismatch': 'Die Sicherheitsnummer von {$INTERPOLATION} stimmt nicht mehr mit der überein, die du bestätigt hast.',
  'encryption.keyChange.changed': 'Die Schlüssel von {$INTERPOLATION} haben sich geändert.',
  'encryption.keyChange.explain':
    'Ein Gerät wurde hinzugefügt oder entfernt. Wenn du das nicht erwartet hast, vergleicht eure Sicherheitsnummern, bevor du etwas Vertrauliches teilst.',
  'encryption.keyChange.review': 'Sicherheitsnummern anzeigen',
  'encryption.keyChange.dismiss': 'Schließen',
  'encryption.safety.title': 'Sicherheitsnummern',
  'encryption.safety.help':
    'Nachrichten hier sind Ende-zu-Ende-verschlüsselt. Vergleiche diese Nummern mit dem, was die App deines Kontakts für dich anzeigt – persönlich oder in einem Anruf: Stimmen sie überein, kann niemand dazwischen mitlesen.',
  'encryption.safety.reading': 'Schlüssel werden gelesen …',
  'encryption.safety.noKeys':
    'Diese Person hat noch keine Schlüssel: sie erhält die Nachrichten, sobald sie sich auf einem Gerät anmeldet.',
  'encryption.safety.devices': '{VAR_PLURAL, plural, =1 {{INTERPOLATION} Gerät} other {{INTERPOLATION} Geräte}}',
  'encryption.safety.verified': 'Bestätigt: Ich habe diese Nummer mit {$INTERPOLATION} verglichen',
  'encryption.safety.close': 'Schließen',
  'encryption.safety.numberLabel': 'Sicherheitsnummer {$number}',
};
