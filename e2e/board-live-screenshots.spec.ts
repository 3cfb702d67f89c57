import path from 'node:path';

import { type Person, createBoard, createNote, expect, openBoard, test } from './fixtures';

const artifacts = path.join(__dirname, 'artifacts');

/** Starts a long import into `boardId` without the UI, so a job is still running while we look. */
async function startLongImport(person: Person, boardId: string, rows: number): Promise<void> {
  const lines = ['text'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`Imported idea ${i}`);
  }
  const response = await person.context.request.post(`/api/jobs/import?boardId=${encodeURIComponent(boardId)}`, {
    headers: { origin: new URL(person.baseURL).origin },
    multipart: { file: { name: 'backlog.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) } },
  });
  expect(response.status(), await response.text()).toBe(202);
}

/** Moves the pointer over the board in small steps, ending at (x, y) of the visible board. */
async function pointAt(person: Person, x: number, y: number): Promise<void> {
  const box = (await person.page.getByTestId('board-canvas').boundingBox())!;
  await person.page.mouse.move(box.x + x - 40, box.y + y - 30);
  await person.page.mouse.move(box.x + x, box.y + y, { steps: 6 });
}

test('screenshots of presence, live cursors and the jobs panel', async ({ people }, testInfo) => {
  // Three browsers, an export, a running import and two viewports: on a loaded 2-core CI it has run 22–32 s.
  test.setTimeout(60_000);
  const suffix = testInfo.project.name === 'memory' ? '' : `-${testInfo.project.name}`;
  const shot = (name: string): string => path.join(artifacts, `${name}${suffix}.png`);
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const carol = await people.join('Carol');
  const board = await createBoard(alice, 'Q3 planning', [bob, carol]);
  const scratch = await createBoard(alice, 'Backlog');
  const notes = [
    [alice, 'Ship the new onboarding flow', 60, 50, 'yellow'],
    [bob, 'Interview 5 customers about exports', 300, 90, 'blue'],
    [carol, 'Fix flaky sync on slow networks', 560, 40, 'pink'],
    [bob, 'Dark mode?\n(most requested)', 820, 110, 'purple'],
    [alice, 'Budget review with finance — Thu 10:00', 120, 300, 'green'],
    [carol, 'Write the launch blog post', 400, 330, 'orange'],
  ] as const;
  for (const [who, text, x, y, color] of notes) {
    await createNote(who, board.id, { text, x, y, color });
  }

  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  await openBoard(carol, board.id);
  await expect(alice.page.getByTestId('presence-avatar')).toHaveCount(3);
  await carol.page.getByTestId('status-menu').click();
  await expect(carol.page.getByTestId('status-away')).toBeVisible();
  await carol.page.screenshot({ path: shot('status-menu'), clip: { x: 780, y: 0, width: 500, height: 360 } });
  await carol.page.getByTestId('status-away').click();
  await expect(alice.page.locator(`[data-testid="presence-avatar"][data-user-id="${carol.id}"]`)).toHaveAttribute('data-status', 'away');

  // A finished export and a running import, for the jobs panel.
  await alice.page.getByTestId('export-menu').click();
  await alice.page.getByTestId('export-format-csv').click();
  const panel = alice.page.getByTestId('jobs-panel');
  await expect(panel.getByTestId('job-item').first()).toHaveAttribute('data-status', 'completed');
  await alice.page.getByTestId('jobs-close').click();

  // Others point at the board; Alice hovers Bob's avatar to read "here since".
  await pointAt(bob, 700, 280);
  await pointAt(carol, 260, 240);
  await expect(alice.page.getByTestId('remote-cursor')).toHaveCount(2);
  await expect(alice.page.locator('[data-testid="remote-cursor"][data-idle]')).toHaveCount(0);
  await alice.page.locator(`[data-testid="presence-avatar"][data-user-id="${bob.id}"]`).hover();
  await alice.page.screenshot({ path: shot('presence-board') });

  await startLongImport(alice, scratch.id, 400);
  await alice.page.getByTestId('jobs-button').click();
  const running = panel.locator('[data-testid="job-item"][data-status="running"]');
  await expect(running.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
  await expect(alice.page.getByTestId('jobs-button')).toContainText('1');
  await alice.page.screenshot({ path: shot('jobs-panel') });

  // Phones: Bob's board with the others' avatars and Alice's cursor, his export menu, then his jobs.
  await bob.page.setViewportSize({ width: 375, height: 740 });
  await pointAt(alice, 120, 220);
  await expect(bob.page.locator(`[data-testid="remote-cursor"][data-user-id="${alice.id}"]`)).toBeVisible();
  expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await bob.page.screenshot({ path: shot('presence-board-375') });

  await bob.page.getByTestId('export-menu').click();
  await expect(bob.page.getByTestId('export-format-json')).toBeVisible();
  await bob.page.screenshot({ path: shot('export-menu-375') });
  await bob.page.getByTestId('export-format-json').click();
  const bobPanel = bob.page.getByTestId('jobs-panel');
  await expect(bobPanel.getByTestId('job-item').first()).toHaveAttribute('data-status', 'completed');

  const bobsScratch = await createBoard(bob, 'Ideas');
  await startLongImport(bob, bobsScratch.id, 400);
  const bobRunning = bobPanel.locator('[data-testid="job-item"][data-status="running"]');
  await expect(bobRunning.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
  await expect(bobPanel.getByTestId('job-item')).toHaveCount(2);
  expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await bob.page.screenshot({ path: shot('jobs-panel-375') });
});
