import path from 'node:path';

import { apiCall, connectionState, createBoard, expect, openBoard, test } from './fixtures';

test('a note added to a board its owner deleted meanwhile is rolled back with a message', async ({ people }, testInfo) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Short-lived', [bob]);
  const page = bob.page;
  await openBoard(bob, board.id);

  // Hold Bob's note request until the board is gone, so the server refuses it for real.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/boards/${board.id}/notes`, async (route) => {
    await released;
    await route.continue();
  });

  await page.getByTestId('new-note').click();
  const pending = page.locator('[data-testid="note"][data-pending="true"]');
  await expect(pending).toHaveCount(1);

  await apiCall(alice, 'DELETE', `/api/boards/${board.id}`);
  release();

  await expect(page.getByTestId('error-message').filter({ hasText: /could not be added/i })).toBeVisible();
  await expect(page.getByTestId('note')).toHaveCount(0);
  // The board is gone, so Bob is taken back to his list, which no longer shows it.
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByTestId('boards-empty')).toBeVisible();
  if (testInfo.project.name === 'memory') {
    await page.screenshot({ path: path.join(__dirname, 'artifacts', 'rollback-message.png') });
  }
  await expect(connectionState(page)).toHaveAttribute('data-state', 'live');
});
