import path from 'node:path';

import { postBoardMessage, sendChat } from './chat-helpers';
import { type Person, createBoard, createNote, expect, noteById, openBoard, test } from './fixtures';

const artifacts = path.join(__dirname, 'artifacts');

/** The language this browser starts in, as if the user had chosen it before (the app's own stored choice). */
async function speaks(person: Person, locale: 'de' | 'ar'): Promise<void> {
  await person.context.addInitScript((chosen) => localStorage.setItem('corkboard.locale', chosen), locale);
}

/** Where the note sits inside the board's canvas, in CSS pixels. */
async function placeOnCanvas(person: Person, noteId: string): Promise<{ x: number; y: number }> {
  const canvas = await person.page.getByTestId('board-canvas').boundingBox();
  const note = await noteById(person.page, noteId).boundingBox();
  if (!canvas || !note) {
    throw new Error('board or note not shown');
  }
  return { x: Math.round(note.x - canvas.x), y: Math.round(note.y - canvas.y) };
}

test('a board in German and in Arabic: translated and mirrored, the notes where they are for everyone', async ({ people }, testInfo) => {
  const suffix = testInfo.project.name === 'memory' ? '' : `-${testInfo.project.name}`;
  const anna = await people.join('Anna');
  const karim = await people.join('Karim', 'peer');
  const english = await people.join('Emma');
  await speaks(anna, 'de');
  await speaks(karim, 'ar');
  const board = await createBoard(anna, 'Quartalsplanung Q3', [karim, english]);
  const notes = [
    [anna, 'Neues Onboarding ausliefern', 60, 50, 'yellow'],
    [karim, 'مقابلة خمسة عملاء حول التصدير', 320, 90, 'blue'],
    [anna, 'Sync bei langsamen Netzen reparieren', 580, 40, 'pink'],
    [karim, 'الوضع الداكن؟', 840, 110, 'purple'],
    [anna, 'Budgetrunde mit Finanzen — Do 10:00', 120, 300, 'green'],
  ] as const;
  const created = [];
  for (const [who, text, x, y, color] of notes) {
    created.push(await createNote(who, board.id, { text, x, y, color }));
  }
  await postBoardMessage(karim, board.id, 'صباح الخير، هل نبدأ؟');

  for (const person of [anna, karim, english]) {
    await openBoard(person, board.id);
    await expect(person.page.getByTestId('note')).toHaveCount(notes.length);
  }
  await expect(anna.page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(anna.page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(karim.page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(karim.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(anna.page.getByTestId('new-note')).toContainText('Neue Notiz');
  await expect(karim.page.getByTestId('new-note')).not.toContainText('New note');
  await sendChat(anna.page, 'Guten Morgen! Ja, fangen wir an.');

  // The canvas is laid out left to right in every language: a note is at the same place for all.
  for (const note of created) {
    const reference = await placeOnCanvas(english, note.id);
    expect(await placeOnCanvas(anna, note.id)).toEqual(reference);
    expect(await placeOnCanvas(karim, note.id)).toEqual(reference);
  }
  // …while the page around it mirrors: the chat panel is on the other side in Arabic.
  const chatSide = async (person: Person): Promise<number> => (await person.page.getByTestId('chat-input').boundingBox())?.x ?? -1;
  expect(await chatSide(karim)).toBeLessThan(640);
  expect(await chatSide(anna)).toBeGreaterThan(640);

  for (const person of [anna, karim]) {
    await person.page.mouse.move(5, 790);
  }
  await anna.page.screenshot({ path: path.join(artifacts, `board-de${suffix}.png`) });
  await karim.page.screenshot({ path: path.join(artifacts, `board-ar${suffix}.png`) });
});
