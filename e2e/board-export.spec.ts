import { readFile } from 'node:fs/promises';

import { createBoard, createNote, expect, openBoard, test } from './fixtures';

test('exports a board as CSV from its menu and downloads a file holding its notes', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Launch plan');
  await createNote(alice, board.id, { text: 'Write the press release', x: 40, y: 40, color: 'yellow' });
  await createNote(alice, board.id, { text: 'Book the venue, "main hall"', x: 300, y: 60, color: 'blue' });
  await openBoard(alice, board.id);
  const page = alice.page;

  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-format-csv').click();

  // The panel opens by itself and follows the job to its end.
  const item = page.getByTestId('jobs-panel').getByTestId('job-item').first();
  await expect(item.getByTestId('job-title')).toHaveText('Export “Launch plan” as CSV');
  await expect(item).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('info-message')).toContainText('“Launch plan” is exported as CSV');

  const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('job-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^launch-plan-.*\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('id,text,x,y,color,version,createdBy,updatedAt');
  expect(lines).toHaveLength(3);
  expect(csv).toContain('Write the press release');
  expect(csv).toContain('"Book the venue, ""main hall"""');
});

test('exports all boards from the boards page; the toast follows the user to another page', async ({ people }) => {
  const alice = await people.join('Alice');
  const first = await createBoard(alice, 'Roadmap');
  await createBoard(alice, 'Hiring');
  await createNote(alice, first.id, { text: 'Q4 themes', x: 40, y: 40, color: 'green' });
  const page = alice.page;
  await page.goto('/boards');
  await expect(page.getByTestId('board-item')).toHaveCount(2);

  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-format-markdown').click();
  await expect(page.getByTestId('jobs-panel')).toBeVisible();
  await page.getByTestId('jobs-close').click();
  await expect(page.getByTestId('jobs-panel')).toHaveCount(0);

  // Off to a board while the export runs: the toast still says when it is ready.
  await page.getByTestId('board-link').filter({ hasText: 'Roadmap' }).click();
  await expect(page.getByTestId('board-title')).toHaveText('Roadmap');
  await expect(page.getByTestId('info-message')).toContainText('Your boards are exported as Markdown');

  await page.getByTestId('jobs-button').click();
  const item = page.getByTestId('job-item').first();
  await expect(item).toHaveAttribute('data-status', 'completed');
  await expect(item.getByTestId('job-title')).toHaveText('Export all boards as Markdown');
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('job-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zip = await readFile(await download.path());
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
});
