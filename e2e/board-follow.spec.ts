import type { Page } from '@playwright/test';

import { type Person, createBoard, dragNote, expect, noteById, openBoard, test } from './fixtures';

interface View {
  x: number;
  y: number;
  zoom: number;
}

/** The board point at the centre of the page's view, and its zoom. */
async function viewOf(page: Page): Promise<View> {
  return page.getByTestId('board-canvas').evaluate((element) => {
    const zoom = Number(element.getAttribute('data-zoom'));
    return {
      x: (element.scrollLeft + element.clientWidth / 2) / zoom,
      y: (element.scrollTop + element.clientHeight / 2) / zoom,
      zoom,
    };
  });
}

/** Polls until the follower looks where the leader looks (zoom exact, centre within a few board pixels). */
async function expectSameView(follower: Person, leader: Person): Promise<void> {
  await expect
    .poll(async () => {
      const [mine, theirs] = await Promise.all([viewOf(follower.page), viewOf(leader.page)]);
      return mine.zoom === theirs.zoom && Math.abs(mine.x - theirs.x) <= 3 && Math.abs(mine.y - theirs.y) <= 3;
    })
    .toBe(true);
}

async function pressOnBoard(page: Page, ...keys: string[]): Promise<void> {
  const canvas = page.getByTestId('board-canvas');
  await canvas.focus();
  for (const key of keys) {
    await canvas.press(key);
  }
}

test('a member follows another’s view, stops with Esc, and is brought back by “bring everyone to me”', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Retro', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  const aliceAvatar = bob.page.locator(`[data-testid="presence-avatar"][data-user-id="${alice.id}"]`);
  await aliceAvatar.click();
  const banner = bob.page.getByTestId('follow-banner');
  await expect(banner).toContainText('Following Alice');
  await expect(aliceAvatar).toHaveAttribute('data-following', 'true');

  // Alice zooms in and pans; Bob's board goes with her.
  await pressOnBoard(alice.page, '+', '+', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown');
  await expect(alice.page.getByTestId('zoom-level')).toHaveText('125 %');
  await expectSameView(bob, alice);
  await expect(bob.page.getByTestId('zoom-level')).toHaveText('125 %');

  const canvas = alice.page.getByTestId('board-canvas');
  const box = (await canvas.boundingBox())!;
  await alice.page.mouse.move(box.x + 400, box.y + 300);
  await alice.page.mouse.down();
  await alice.page.mouse.move(box.x + 250, box.y + 200, { steps: 8 });
  await alice.page.mouse.up();
  await expectSameView(bob, alice);

  await bob.page.keyboard.press('Escape');
  await expect(banner).toHaveCount(0);
  await expect(aliceAvatar).not.toHaveAttribute('data-following', 'true');

  // Bob wanders off on his own; then Alice brings everyone to her view.
  await pressOnBoard(bob.page, '-', '-', 'ArrowUp');
  await pressOnBoard(alice.page, '-', 'ArrowLeft');
  await alice.page.getByTestId('bring-everyone').click();
  await expect(banner).toContainText('Alice');
  await expectSameView(bob, alice);

  // The banner's Stop button stops it too, and so does Bob's own zoom.
  await bob.page.getByTestId('stop-following').click();
  await expect(banner).toHaveCount(0);
  // Following from the members list works for people beyond the avatars shown.
  await bob.page.getByTestId('members-button').click();
  await bob.page.locator(`[data-testid="member"][data-user-id="${alice.id}"]`).getByTestId('follow-member').click();
  await expect(banner).toBeVisible();
  // Esc in the members list closes the list, and Bob keeps following.
  await bob.page.keyboard.press('Escape');
  await expect(bob.page.getByTestId('member-list')).toHaveCount(0);
  await expect(banner).toBeVisible();
  await expectSameView(bob, alice);
  await bob.page.getByTestId('zoom-in').click();
  await expect(banner).toHaveCount(0);
});

test('at 50 % a double-click adds the note under the pointer, and a dragged note lands where it is dropped', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Zoomed');
  await openBoard(alice, board.id);
  const page = alice.page;

  await pressOnBoard(page, '-', '-', '-', '-');
  await expect(page.getByTestId('board-canvas')).toHaveAttribute('data-zoom', '0.5');
  await expect(page.getByTestId('zoom-level')).toHaveText('50 %');

  const canvas = (await page.getByTestId('board-canvas').boundingBox())!;
  const pointer = { x: canvas.x + 500, y: canvas.y + 300 };
  await page.mouse.dblclick(pointer.x, pointer.y);
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill('Under the pointer');
  await editor.press('Enter');
  const note = page.getByTestId('note').filter({ has: page.getByTestId('note-text').getByText('Under the pointer', { exact: true }) });
  await expect(note).toHaveAttribute('data-note-id', /.+/);
  const id = (await note.getAttribute('data-note-id'))!;

  // The note's top edge is centred under the pointer, at half size.
  const placed = (await noteById(page, id).boundingBox())!;
  expect(Math.abs(placed.x + placed.width / 2 - pointer.x)).toBeLessThanOrEqual(8);
  expect(Math.abs(placed.y - (pointer.y - 8))).toBeLessThanOrEqual(8);
  // Half the screen distance from the board's corner is the board position.
  const before = { x: Number(await note.getAttribute('data-x')), y: Number(await note.getAttribute('data-y')) };
  expect(Math.abs(before.x - (1000 - placed.width))).toBeLessThanOrEqual(16);

  const { x, y } = await dragNote(page, noteById(page, id), 100, 60);
  expect(Math.abs(Number(x) - (before.x + 200))).toBeLessThanOrEqual(2);
  expect(Math.abs(Number(y) - (before.y + 120))).toBeLessThanOrEqual(2);
  const dropped = (await noteById(page, id).boundingBox())!;
  expect(Math.abs(dropped.x - (placed.x + 100))).toBeLessThanOrEqual(2);
  expect(Math.abs(dropped.y - (placed.y + 60))).toBeLessThanOrEqual(2);
});
