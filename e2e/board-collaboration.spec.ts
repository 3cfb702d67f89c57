import { type Person, addNote, dragNote, editNote, expect, expectLive, noteById, test } from './fixtures';

/** Adds a note by double-clicking an empty part of the board and typing its text. */
async function addNoteByDoubleClick(person: Person, text: string): Promise<string> {
  const page = person.page;
  const canvas = page.getByTestId('board-canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.dblclick(box.x + box.width - 320, box.y + box.height - 260);
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill(text);
  await editor.press('Enter');
  const note = page.getByTestId('note').filter({ has: page.getByTestId('note-text').getByText(text, { exact: true }) });
  await expect(note).toHaveAttribute('data-note-id', /.+/);
  return (await note.getAttribute('data-note-id'))!;
}

/** What one member does to a note, the other must see within a second. */
const LIVE = { timeout: 1_000 };

async function eachChangeReaches(actor: Person, observer: Person, create: 'button' | 'double-click'): Promise<void> {
  const page = actor.page;

  const id =
    create === 'button' ? await addNote(page, `Hello from ${actor.name}`) : await addNoteByDoubleClick(actor, `Hello from ${actor.name}`);
  const mine = noteById(page, id);
  const theirs = noteById(observer.page, id);
  await expect(theirs.getByTestId('note-text')).toHaveText(`Hello from ${actor.name}`, LIVE);

  await editNote(page, mine, `${actor.name} edited this`);
  await expect(theirs.getByTestId('note-text')).toHaveText(`${actor.name} edited this`, LIVE);

  const { x, y } = await dragNote(page, mine, 180, 120);
  await expect(theirs).toHaveAttribute('data-x', x, LIVE);
  await expect(theirs).toHaveAttribute('data-y', y, LIVE);

  await mine.hover();
  await mine.getByTestId('color-picker').locator('[data-color="green"]').click();
  await expect(theirs).toHaveAttribute('data-color', 'green', LIVE);

  await mine.getByTestId('delete-note').click();
  await expect(mine).toHaveCount(0);
  await expect(theirs).toHaveCount(0, LIVE);
}

test('two members see each other’s notes created, edited, moved, recoloured and deleted live', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');

  await bob.page.goto('/boards');
  await expect(bob.page.getByTestId('boards-empty')).toBeVisible();
  await expectLive(bob.page);

  await alice.page.goto('/boards');
  await alice.page.getByTestId('create-board-input').fill('Sprint retro');
  await alice.page.getByTestId('create-board-submit').click();
  await expect(alice.page.getByTestId('board-title')).toHaveText('Sprint retro');
  await alice.page.getByTestId('board-settings').click();
  await alice.page.getByTestId('invite-input').fill(bob.username);
  await alice.page.getByTestId('invite-submit').click();
  await expect(alice.page.getByTestId('invite-success')).toBeVisible();
  await alice.page.getByTestId('settings-close').click();

  // The invitation reaches Bob's open list without a reload; accepting it opens the board.
  const invitation = bob.page.getByTestId('my-invitation').filter({ hasText: 'Sprint retro' });
  await expect(invitation).toBeVisible(LIVE);
  await invitation.getByTestId('accept-my-invitation').click();
  await expect(bob.page.getByTestId('board-title')).toHaveText('Sprint retro');
  await expectLive(bob.page);
  await expectLive(alice.page);

  await eachChangeReaches(alice, bob, 'button');
  await eachChangeReaches(bob, alice, 'double-click');
});
