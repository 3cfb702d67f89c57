import path from 'node:path';

import { createBoard, createNote, expect, openBoard, test } from './fixtures';

const artifacts = path.join(__dirname, 'artifacts');

test('screenshots of the boards list and of a board with notes from two members', async ({ people }, testInfo) => {
  // The memory run writes board.png; other projects add their name, so runs never overwrite each other.
  const suffix = testInfo.project.name === 'memory' ? '' : `-${testInfo.project.name}`;
  const shot = (name: string): string => path.join(artifacts, `${name}${suffix}.png`);
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Q3 planning', [bob]);
  await createBoard(alice, 'Team offsite');
  await createBoard(bob, 'Reading list', [alice]);

  const notes = [
    [alice, 'Ship the new onboarding flow', 60, 50, 'yellow'],
    [bob, 'Interview 5 customers about exports', 300, 90, 'blue'],
    [alice, 'Fix flaky sync on slow networks', 560, 40, 'pink'],
    [bob, 'Dark mode?\n(most requested)', 820, 110, 'purple'],
    [alice, 'Budget review with finance — Thu 10:00', 120, 300, 'green'],
    [bob, 'Write the launch blog post', 400, 330, 'orange'],
    [alice, 'Retro every other Friday', 700, 320, 'yellow'],
  ] as const;
  for (const [who, text, x, y, color] of notes) {
    await createNote(who, board.id, { text, x, y, color });
  }

  await openBoard(alice, board.id);
  await expect(alice.page.getByTestId('note')).toHaveCount(notes.length);
  await expect(alice.page.getByTestId('latency')).toBeVisible();
  await alice.page.mouse.move(5, 790);
  await alice.page.screenshot({ path: shot('board') });

  await bob.page.setViewportSize({ width: 375, height: 740 });
  await openBoard(bob, board.id);
  await expect(bob.page.getByTestId('note')).toHaveCount(notes.length);
  expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await bob.page.screenshot({ path: shot('board-375') });

  // The owner's members and sharing panel fits a phone too.
  await alice.page.setViewportSize({ width: 375, height: 740 });
  await alice.page.getByTestId('board-settings').click();
  await expect(alice.page.getByTestId('invite-input')).toBeVisible();
  expect(await alice.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await alice.page.screenshot({ path: shot('board-375-owner') });
  await alice.page.getByTestId('settings-close').click();
  await alice.page.setViewportSize({ width: 1280, height: 800 });

  await alice.page.goto('/boards');
  await expect(alice.page.getByTestId('board-item')).toHaveCount(3);
  await alice.page.screenshot({ path: shot('boards-list') });
  await bob.page.goto('/boards');
  await expect(bob.page.getByTestId('board-item')).toHaveCount(2);
  expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await bob.page.screenshot({ path: shot('boards-list-375'), fullPage: true });
});
