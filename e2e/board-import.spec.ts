import { createBoard, expect, openBoard, test } from './fixtures';

const COLORS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'];

interface Sample {
  progress: number;
  notes: number;
}

test('imports a CSV: notes appear live for every member while the progress bar advances; bad rows are listed', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Imported ideas', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  const page = alice.page;

  const good = 120;
  const rows = ['text,x,y,color'];
  for (let i = 0; i < good; i++) {
    rows.push(`Idea ${i + 1},${40 + (i % 15) * 250},${40 + Math.floor(i / 15) * 200},${COLORS[i % COLORS.length]}`);
  }
  rows.splice(51, 0, 'Bad colour,10,10,magenta');
  rows.push('Off the board,99999,10,yellow');

  // Every change of the progress bar, with how many notes the board shows at that moment.
  await page.evaluate(() => {
    const samples: Sample[] = [];
    (window as unknown as { samples: Sample[] }).samples = samples;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="job-progress"]');
      const progress = Number(bar?.getAttribute('aria-valuenow'));
      if (bar && samples.at(-1)?.progress !== progress) {
        samples.push({ progress, notes: document.querySelectorAll('[data-testid="note"]').length });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });

  await page.getByTestId('export-menu').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-button').click()]);
  await chooser.setFiles({ name: 'ideas.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });

  const item = page.getByTestId('jobs-panel').getByTestId('job-item').first();
  await expect(item.getByTestId('job-title')).toHaveText('Import ideas.csv into “Imported ideas”');
  await expect(item).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
  await expect(page.getByTestId('note')).toHaveCount(good);
  await expect(bob.page.getByTestId('note')).toHaveCount(good);
  await expect(page.getByTestId('info-message')).toContainText(`Imported ${good} notes into “Imported ideas”. 2 rows were skipped`);

  const samples = await page.evaluate(() => (window as unknown as { samples: Sample[] }).samples);
  const values = samples.map((sample) => sample.progress);
  expect(values, 'progress never goes down').toEqual([...values].sort((a, b) => a - b));
  const midway = samples.filter((sample) => sample.progress > 0 && sample.progress < 100);
  expect(midway.length, `progress seen: ${values.join(', ')}`).toBeGreaterThan(1);
  expect(midway.some((sample) => sample.notes > 0 && sample.notes < good)).toBe(true);

  const errors = item.getByTestId('import-errors');
  await errors.locator('summary').click();
  await expect(errors.getByTestId('import-error')).toHaveText([/Row 51\s+color must be one of/, /Row 122\s+x must be a number/]);
});

test('a file dropped on the board is imported; a drag shows where to drop it', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Drop zone');
  await openBoard(alice, board.id);
  const page = alice.page;

  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    const notes = [{ text: 'Dropped first' }, { text: 'Dropped second', color: 'pink' }];
    transfer.items.add(new File([JSON.stringify(notes)], 'dropped.json', { type: 'application/json' }));
    return transfer;
  });
  await page.getByTestId('board-canvas').dispatchEvent('dragenter', { dataTransfer });
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toBeVisible();
  await overlay.dispatchEvent('dragover', { dataTransfer });
  await overlay.dispatchEvent('drop', { dataTransfer });
  await expect(overlay).toHaveCount(0);

  await expect(page.getByTestId('note-text').getByText('Dropped first', { exact: true })).toBeVisible();
  await expect(page.getByTestId('note-text').getByText('Dropped second', { exact: true })).toBeVisible();
  await expect(page.getByTestId('job-item').first()).toHaveAttribute('data-status', 'completed');
});
