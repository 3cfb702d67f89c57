import type { Board } from '../contracts/boards';
import { type Person, addNote, apiCall, editNote, expect, noteById, openBoard, test } from './fixtures';

/** What one member does, the other must see within a second. */
const LIVE = { timeout: 1_000 };

/**
 * A board of `owner` with `member` in it as an editor. The invitation is accepted for the
 * member when the server makes it one (an invitation is accepted, not imposed).
 */
async function sharedBoard(owner: Person, member: Person, title: string): Promise<Board> {
  const board = (await (await apiCall(owner, 'POST', '/api/boards', { title })).json()) as Board;
  const invited = (await (await apiCall(owner, 'POST', `/api/boards/${board.id}/members`, { username: member.username })).json()) as {
    id: string;
    status?: string;
  };
  if (invited.status === 'pending') {
    await apiCall(member, 'POST', `/api/invitations/${invited.id}/accept`);
  }
  return board;
}

async function recolor(person: Person, noteId: string, color: string): Promise<void> {
  const note = noteById(person.page, noteId);
  await note.hover();
  await note.getByTestId('color-picker').locator(`[data-color="${color}"]`).click();
  await expect(note).toHaveAttribute('data-color', color);
}

/** Presses a key on the board, away from any text field (those keep their own undo). */
async function press(person: Person, keys: string): Promise<void> {
  await person.page.getByTestId('board-title').click();
  await person.page.keyboard.press(keys);
}

test('undo and redo take back only the user’s own changes, around what another user changed since', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await sharedBoard(alice, bob, 'Undo retro');
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  const id = await addNote(alice.page, 'First idea');
  const mine = noteById(alice.page, id);
  const theirs = noteById(bob.page, id);
  await expect(theirs.getByTestId('note-text')).toHaveText('First idea', LIVE);

  // Alice changes the text, then the colour; Bob then changes the same note's colour.
  await editNote(alice.page, mine, 'Better idea');
  await recolor(alice, id, 'green');
  await expect(theirs).toHaveAttribute('data-color', 'green', LIVE);
  await recolor(bob, id, 'blue');
  await expect(mine).toHaveAttribute('data-color', 'blue', LIVE);

  // One Ctrl+Z: the colour step is Bob's now (skipped, and a toast says so); the text step undoes.
  await press(alice, 'Control+z');
  await expect(alice.page.getByTestId('info-message').filter({ hasText: 'Bob changed this note since — undo skipped.' })).toBeVisible();
  await expect(mine.getByTestId('note-text')).toHaveText('First idea');
  await expect(theirs.getByTestId('note-text')).toHaveText('First idea', LIVE);
  await expect(theirs).toHaveAttribute('data-color', 'blue');
  await expect(mine).toHaveAttribute('data-color', 'blue');

  // Redo brings the text back; Bob's colour still stands.
  await press(alice, 'Control+Shift+z');
  await expect(theirs.getByTestId('note-text')).toHaveText('Better idea', LIVE);
  await expect(mine.getByTestId('note-text')).toHaveText('Better idea');
  await expect(theirs).toHaveAttribute('data-color', 'blue');

  // Undo of a delete brings the note back with its id, for Bob too; the buttons do the same as the keys.
  await mine.hover();
  await mine.getByTestId('delete-note').click();
  await expect(theirs).toHaveCount(0, LIVE);
  await alice.page.getByTestId('undo').click();
  await expect(theirs.getByTestId('note-text')).toHaveText('Better idea', LIVE);
  await expect(mine).toHaveAttribute('data-color', 'blue');
  await alice.page.getByTestId('redo').click();
  await expect(theirs).toHaveCount(0, LIVE);
  await expect(mine).toHaveCount(0);
});

test('the trash brings a deleted note back for everyone, and the activity panel shows what happens live', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await sharedBoard(alice, bob, 'Trash retro');
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  const id = await addNote(alice.page, 'Keep this');
  const mine = noteById(alice.page, id);
  await expect(noteById(bob.page, id)).toHaveCount(1, LIVE);

  // Bob has the trash open when Alice deletes: the note shows up there live, and he restores it.
  await bob.page.getByTestId('trash-toggle').click();
  const trash = bob.page.getByTestId('trash-panel');
  await expect(trash.getByTestId('trash-empty')).toBeVisible();
  await mine.hover();
  await mine.getByTestId('delete-note').click();
  const item = trash.getByTestId('trash-item').filter({ hasText: 'Keep this' });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Deleted by Alice');
  await item.getByTestId('trash-restore').click();
  await expect(item).toHaveCount(0);
  await expect(mine.getByTestId('note-text')).toHaveText('Keep this', LIVE);
  await expect(noteById(bob.page, id)).toHaveCount(1);

  // Alice follows the activity: Bob's edit appears at the top without a reload.
  await alice.page.getByTestId('activity-toggle').click();
  const feed = alice.page.getByTestId('activity-panel').getByTestId('activity-entry');
  await expect(feed.filter({ hasText: 'Bob restored “Keep this”' })).toBeVisible();
  await expect(feed.filter({ hasText: 'Alice deleted “Keep this”' })).toBeVisible();
  await editNote(bob.page, noteById(bob.page, id), 'Keep this, edited');
  await expect(feed.first()).toHaveText(/Bob edited “Keep this, edited”/, LIVE);

  // The owner empties the trash after confirming; Bob (an editor) has no such button.
  await noteById(bob.page, id).hover();
  await noteById(bob.page, id).getByTestId('delete-note').click();
  await expect(mine).toHaveCount(0, LIVE);
  await expect(trash.getByTestId('trash-empty-button')).toHaveCount(0);
  await alice.page.getByTestId('trash-toggle').click();
  const ownersTrash = alice.page.getByTestId('trash-panel');
  await expect(ownersTrash.getByTestId('trash-item')).toHaveCount(1);
  await ownersTrash.getByTestId('trash-empty-button').click();
  await ownersTrash.getByTestId('trash-empty-confirm').click();
  await expect(ownersTrash.getByTestId('trash-empty')).toBeVisible();
  await expect(trash.getByTestId('trash-empty')).toBeVisible(LIVE);
});
