import type { Page } from '@playwright/test';

import { createBoard, createNote, expect, noteById, openBoard, test } from './fixtures';

/** Seconds left on the page's timer ("04:59" → 299). */
async function secondsShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('timer-clock').textContent())?.trim() ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text);
  expect(match, `timer shows "${text}"`).not.toBeNull();
  return Number(match![1]) * 60 + Number(match![2]);
}

function dotsOn(page: Page, noteId: string) {
  return noteById(page, noteId).getByTestId('vote-dots');
}

test('an anonymous dot vote: own dots for the voter, only the count for others, results for all at once', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Retro', [bob]);
  const keep = await createNote(alice, board.id, { text: 'Keep pairing', x: 100, y: 100, color: 'green' });
  const stop = await createNote(alice, board.id, { text: 'Stop late merges', x: 350, y: 100, color: 'pink' });
  const start = await createNote(alice, board.id, { text: 'Start demos', x: 600, y: 100, color: 'blue' });
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  await alice.page.getByTestId('start-vote').click();
  const dialog = alice.page.getByTestId('start-vote-dialog');
  await dialog.getByTestId('vote-dots-input').fill('3');
  await dialog.getByTestId('vote-anonymous').check();
  await dialog.getByTestId('start-vote-submit').click();
  await expect(dialog).toHaveCount(0);

  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('vote-status')).toHaveAttribute('data-status', 'running');
    await expect(page.getByTestId('dots-left')).toHaveText('3 of 3 dots left');
  }

  // Bob clicks fast, more often than he has dots: the server stops him at three.
  // Five clicks in one go, before any answer is back.
  await dotsOn(bob.page, keep.id)
    .getByTestId('add-dot')
    .evaluate((button: HTMLElement) => {
      for (let i = 0; i < 5; i++) {
        button.click();
      }
    });
  await expect(dotsOn(bob.page, keep.id)).toHaveAttribute('data-mine', '3');
  await expect(bob.page.getByTestId('dots-left')).toHaveText('0 of 3 dots left');
  // He moves one dot from one note to another.
  await dotsOn(bob.page, keep.id).getByTestId('remove-dot').click();
  await expect(dotsOn(bob.page, keep.id)).toHaveAttribute('data-mine', '2');
  await dotsOn(bob.page, stop.id).getByTestId('add-dot').click();
  await expect(dotsOn(bob.page, stop.id)).toHaveAttribute('data-mine', '1');
  await expect(bob.page.getByTestId('dots-left')).toHaveText('0 of 3 dots left');
  // A fourth dot is refused, gently; nothing changes.
  // The button says it is disabled (aria-disabled), yet stays clickable: the server has the last word.
  await expect(dotsOn(bob.page, start.id).getByTestId('add-dot')).toHaveAttribute('aria-disabled', 'true');
  await dotsOn(bob.page, start.id).getByTestId('add-dot').dispatchEvent('click');
  await expect(bob.page.getByTestId('info-message')).toContainText('placed all your dots');
  await expect(dotsOn(bob.page, start.id)).toHaveAttribute('data-mine', '0');

  // Alice places one of hers; she sees her own dot, and of Bob's only how many there are.
  await dotsOn(alice.page, keep.id).getByTestId('add-dot').click();
  await expect(dotsOn(alice.page, keep.id)).toHaveAttribute('data-mine', '1');
  await expect(alice.page.getByTestId('vote-total')).toHaveText('4 dots placed by 2 people');
  await expect(bob.page.getByTestId('vote-total')).toHaveText('4 dots placed by 2 people');
  await expect(dotsOn(alice.page, stop.id)).toHaveAttribute('data-mine', '0');
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('note-dot-total')).toHaveCount(0);
    await expect(page.getByTestId('vote-result')).toHaveCount(0);
  }

  // Alice ends the vote: both see the same results, and the list sorted by votes.
  await alice.page.getByTestId('end-vote').click();
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('vote-status')).toHaveAttribute('data-status', 'ended');
    await expect(noteById(page, keep.id).getByTestId('vote-result')).toHaveAttribute('data-dots', '3');
    await expect(noteById(page, stop.id).getByTestId('vote-result')).toHaveAttribute('data-dots', '1');
    await expect(noteById(page, start.id).getByTestId('vote-result')).toHaveCount(0);
    const items = page.getByTestId('vote-result-item');
    await expect(items).toHaveCount(2);
    expect(
      await items.evaluateAll((elements) =>
        elements.map((element) => [element.getAttribute('data-note-id'), element.getAttribute('data-dots')]),
      ),
    ).toEqual([
      [keep.id, '3'],
      [stop.id, '1'],
    ]);
  }

  // A result in the list brings its note into focus.
  await bob.page.getByTestId('vote-result-item').nth(1).click();
  await expect(noteById(bob.page, stop.id)).toBeFocused();

  // Bob did not start it and does not own the board: only Alice clears it.
  await expect(bob.page.getByTestId('clear-vote')).toHaveCount(0);
  await alice.page.getByTestId('clear-vote').click();
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('vote-status')).toHaveCount(0);
    await expect(page.getByTestId('vote-result')).toHaveCount(0);
  }
});

test('the shared timer ticks in step for everyone, pauses on the same second and resets', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Timeboxed', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  await alice.page.getByTestId('timer-menu').click();
  await alice.page.getByTestId('timer-preset-1').click();

  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'running');
  }
  // It counts down on both, within a second of each other.
  await expect.poll(() => secondsShown(bob.page)).toBeLessThan(60);
  const [onAlice, onBob] = await Promise.all([secondsShown(alice.page), secondsShown(bob.page)]);
  expect(Math.abs(onAlice - onBob)).toBeLessThanOrEqual(1);
  expect(onBob).toBeGreaterThan(50);

  await alice.page.getByTestId('timer-pause').click();
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'paused');
  }
  const frozen = await alice.page.getByTestId('timer-clock').textContent();
  await expect(bob.page.getByTestId('timer-clock')).toHaveText(frozen!);

  // Bob, an editor, resumes it; Alice resets it.
  await bob.page.getByTestId('timer-resume').click();
  await expect(alice.page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'running');
  await alice.page.getByTestId('timer-reset').click();
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'idle');
    await expect(page.getByTestId('timer-clock')).toHaveText('01:00');
  }
});
