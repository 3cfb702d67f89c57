import { createBoard, expect, openBoard, test } from './fixtures';

test('two members on a board see each other’s avatar, status and cursor, and the avatar goes when a browser closes', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Design review', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  const bobOnAlice = alice.page.locator(`[data-testid="presence-avatar"][data-user-id="${bob.id}"]`);
  const aliceOnBob = bob.page.locator(`[data-testid="presence-avatar"][data-user-id="${alice.id}"]`);
  await expect(bobOnAlice).toHaveAttribute('data-status', 'online');
  await expect(aliceOnBob).toHaveAttribute('data-status', 'online');
  await expect(alice.page.locator(`[data-testid="presence-avatar"][data-user-id="${alice.id}"]`)).toBeVisible();

  // Alice points at the board; Bob sees her arrow and name where she points (board coordinates).
  const box = (await alice.page.getByTestId('board-canvas').boundingBox())!;
  await alice.page.mouse.move(box.x + 200, box.y + 150);
  await alice.page.mouse.move(box.x + 300, box.y + 200, { steps: 8 });
  const aliceCursor = bob.page.locator(`[data-testid="remote-cursor"][data-user-id="${alice.id}"]`);
  await expect(aliceCursor).toContainText('Alice');
  await expect(aliceCursor).toHaveAttribute('style', /translate\(300px, 200px\)/);
  // Nobody sees their own pointer twice.
  await expect(alice.page.getByTestId('remote-cursor')).toHaveCount(0);

  // The members list shows who is here.
  await bob.page.getByTestId('members-button').click();
  await expect(bob.page.locator(`[data-testid="member"][data-user-id="${alice.id}"]`)).toHaveAttribute('data-status', 'online');

  // A status chosen in the header reaches the others.
  await bob.page.getByTestId('status-menu').click();
  await bob.page.getByTestId('status-busy').click();
  await expect(bob.page.getByTestId('status-menu')).toHaveAttribute('data-status', 'busy');
  await expect(bobOnAlice).toHaveAttribute('data-status', 'busy');

  // Bob's browser goes away: after the grace period (5 s) he is no longer on the board.
  await bob.context.close();
  await expect(bobOnAlice).toHaveCount(0, { timeout: 15_000 });
  await expect(alice.page.getByTestId('presence-avatar')).toHaveCount(1);
});
