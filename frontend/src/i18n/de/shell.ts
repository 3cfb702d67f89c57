import type { Translations } from '../bundle';

export const shell: Translations = {
  'shell.title.signIn': 'Anmelden · Corkboard',
  'shell.title.register': 'Konto erstellen · Corkboard',
  'shell.title.join': 'Einem Board beitreten · Corkboard',
  'shell.title.boards': 'Deine Boards · Corkboard',
  'shell.title.board': 'Board-Ansicht · Corkboard',
  'shell.title.conversations': 'Nachrichten · Corkboard',
  'shell.title.conversation': 'Unterhaltung · Corkboard',
  'shell.language.button': 'Sprache',
  'shell.signedInAs': 'Angemeldet als',
  'shell.logout': 'Abmelden',
  'shell.toast.invited': '{$name} hat dich zu „{$board}“ eingeladen. Nimm die Einladung in deinen Benachrichtigungen an.',
  'shell.toast.stillSignedIn': 'Du bist noch überall angemeldet: {$reason}',
  'shell.offline.banner': 'Offline – Änderungen werden später synchronisiert',
};
