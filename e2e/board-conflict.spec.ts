import path from 'node:path';

import { createBoard, createNote, expect, noteById, openBoard, test } from './fixtures';

test('two members editing one note’s text at once: one wins, the other chooses, nothing is lost', async ({ people }, testInfo) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Launch plan', [bob]);
  const note = await createNote(alice, board.id, { text: 'Launch on Monday', x: 80, y: 80, color: 'yellow' });
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  // Both open the editor on the same version…
  const aliceNote = noteById(alice.page, note.id);
  const bobNote = noteById(bob.page, note.id);
  for (const [page, target] of [
    [alice.page, aliceNote],
    [bob.page, bobNote],
  ] as const) {
    await target.focus();
    await page.keyboard.press('Enter');
    await expect(target.getByTestId('note-editor')).toBeFocused();
  }

  // …Alice saves first and wins.
  await aliceNote.getByTestId('note-editor').fill('Launch on Tuesday');
  await aliceNote.getByTestId('note-editor').press('Enter');
  await expect(aliceNote).not.toHaveAttribute('data-pending', 'true');
  await expect(aliceNote.getByTestId('note-text')).toHaveText('Launch on Tuesday');

  // Bob's save is refused as stale: he sees both texts and keeps his.
  await bobNote.getByTestId('note-editor').fill('Launch on Wednesday');
  await bobNote.getByTestId('note-editor').press('Enter');
  const dialog = bob.page.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-mine')).toHaveText('Launch on Wednesday');
  await expect(dialog.getByTestId('conflict-theirs')).toHaveText('Launch on Tuesday');
  if (testInfo.project.name === 'memory') {
    await bob.page.screenshot({ path: path.join(__dirname, 'artifacts', 'conflict-dialog.png') });
  }
  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(dialog).toBeHidden();
  await expect(bobNote.getByTestId('note-text')).toHaveText('Launch on Wednesday');
  await expect(aliceNote.getByTestId('note-text')).toHaveText('Launch on Wednesday');

  // The other way round, and this time the loser takes the other text.
  await aliceNote.focus();
  await alice.page.keyboard.press('Enter');
  await bobNote.focus();
  await bob.page.keyboard.press('Enter');
  await bobNote.getByTestId('note-editor').fill('Launch next month');
  await bobNote.getByTestId('note-editor').press('Enter');
  await expect(bobNote).not.toHaveAttribute('data-pending', 'true');
  await aliceNote.getByTestId('note-editor').fill('Launch tomorrow');
  await aliceNote.getByTestId('note-editor').press('Enter');
  const aliceDialog = alice.page.getByTestId('conflict-dialog');
  await expect(aliceDialog).toBeVisible();
  await expect(aliceDialog.getByTestId('conflict-mine')).toHaveText('Launch tomorrow');
  await expect(aliceDialog.getByTestId('conflict-theirs')).toHaveText('Launch next month');
  await aliceDialog.getByRole('button', { name: 'Use theirs' }).click();
  await expect(aliceDialog).toBeHidden();
  await expect(aliceNote.getByTestId('note-text')).toHaveText('Launch next month');
  await expect(bobNote.getByTestId('note-text')).toHaveText('Launch next month');
});
