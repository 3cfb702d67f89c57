import type { Page } from '@playwright/test';

import type { Board, BoardInvitation } from '../contracts/boards';
import { type Person, addNote, apiCall, createBoard, expect, noteById, openBoard, test } from './fixtures';

// One retro, start to finish, the way a team runs it: the owner facilitates, an editor on the
// other pod writes with her, and a viewer follows along, votes and is brought to the results.

async function inviteAs(owner: Person, board: Board, member: Person, role: 'editor' | 'viewer'): Promise<void> {
  const invitation = (await (
    await apiCall(owner, 'POST', `/api/boards/${board.id}/members`, { username: member.username, role })
  ).json()) as BoardInvitation;
  await apiCall(member, 'POST', `/api/invitations/${invitation.id}/accept`);
}

async function secondsShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('timer-clock').textContent())?.trim() ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text);
  expect(match, `timer shows "${text}"`).not.toBeNull();
  return Number(match![1]) * 60 + Number(match![2]);
}

/** The board point at the centre of the page's view, and its zoom. */
async function viewOf(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  return page.getByTestId('board-canvas').evaluate((element) => {
    const zoom = Number(element.getAttribute('data-zoom'));
    return { x: (element.scrollLeft + element.clientWidth / 2) / zoom, y: (element.scrollTop + element.clientHeight / 2) / zoom, zoom };
  });
}

async function expectSameView(follower: Page, leader: Page): Promise<void> {
  await expect
    .poll(async () => {
      const [mine, theirs] = await Promise.all([viewOf(follower), viewOf(leader)]);
      return mine.zoom === theirs.zoom && Math.abs(mine.x - theirs.x) <= 3 && Math.abs(mine.y - theirs.y) <= 3;
    })
    .toBe(true);
}

test('a retro with three people: notes, a timer, a vote and its reveal, and everyone brought to the results', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const carol = await people.join('Carol');
  const board = await createBoard(alice, 'Sprint 42 retro');
  await inviteAs(alice, board, bob, 'editor');
  await inviteAs(alice, board, carol, 'viewer');
  const everyone = [alice.page, bob.page, carol.page];
  for (const person of [alice, bob, carol]) {
    await openBoard(person, board.id);
  }

  // Carol watches: no way to write notes, but the board is live for her.
  await expect(carol.page.getByTestId('view-only-badge')).toBeVisible();
  await expect(carol.page.getByTestId('new-note')).toHaveCount(0);
  await expect(carol.page.getByTestId('start-vote')).toHaveCount(0);

  // The facilitator timeboxes the writing; all three clocks agree.
  await alice.page.getByTestId('timer-menu').click();
  await alice.page.getByTestId('timer-preset-1').click();
  for (const page of everyone) {
    await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'running');
  }
  await expect.poll(() => secondsShown(carol.page)).toBeLessThan(60);
  const clocks = await Promise.all(everyone.map(secondsShown));
  expect(Math.max(...clocks) - Math.min(...clocks)).toBeLessThanOrEqual(1);

  const pairing = await addNote(alice.page, 'Pairing on the hard bugs');
  const flaky = await addNote(bob.page, 'Flaky CI ate a day');
  const demos = await addNote(alice.page, 'Demo every Friday');
  for (const page of everyone) {
    for (const id of [pairing, flaky, demos]) {
      await expect(noteById(page, id)).toBeVisible();
    }
  }
  await alice.page.getByTestId('timer-pause').click();
  for (const page of everyone) {
    await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'paused');
  }

  // A named vote, two dots each; viewers vote too.
  await alice.page.getByTestId('start-vote').click();
  const dialog = alice.page.getByTestId('start-vote-dialog');
  await dialog.getByTestId('vote-dots-input').fill('2');
  await dialog.getByTestId('start-vote-submit').click();
  for (const page of everyone) {
    await expect(page.getByTestId('dots-left')).toHaveText('2 of 2 dots left');
  }
  const dots = (page: Page, id: string) => noteById(page, id).getByTestId('vote-dots');
  await dots(alice.page, flaky).getByTestId('add-dot').click();
  await dots(alice.page, pairing).getByTestId('add-dot').click();
  await dots(bob.page, flaky).getByTestId('add-dot').click();
  await dots(bob.page, flaky).getByTestId('add-dot').click();
  await dots(carol.page, flaky).getByTestId('add-dot').click();
  await dots(carol.page, demos).getByTestId('add-dot').click();
  for (const page of everyone) {
    await expect(page.getByTestId('dots-left')).toHaveText('0 of 2 dots left');
    await expect(page.getByTestId('vote-total')).toHaveText('6 dots placed by 3 people');
  }

  // The reveal: everyone sees the same ranking.
  await alice.page.getByTestId('end-vote').click();
  for (const page of everyone) {
    await expect(page.getByTestId('vote-status')).toHaveAttribute('data-status', 'ended');
    const items = page.getByTestId('vote-result-item');
    await expect(items).toHaveCount(3);
    await expect
      .poll(() =>
        items.evaluateAll((elements) =>
          elements.map((element) => [element.getAttribute('data-note-id'), element.getAttribute('data-dots')]),
        ),
      )
      .toEqual([
        [flaky, '4'],
        [expect.any(String), '1'],
        [expect.any(String), '1'],
      ]);
    await expect(noteById(page, flaky).getByTestId('vote-result')).toHaveAttribute('data-dots', '4');
  }

  // Alice zooms in on the winner and brings everyone there.
  const canvas = alice.page.getByTestId('board-canvas');
  await canvas.focus();
  await canvas.press('+');
  await canvas.press('+');
  await alice.page.getByTestId('bring-everyone').click();
  for (const page of [bob.page, carol.page]) {
    await expect(page.getByTestId('follow-banner')).toContainText('Alice');
    await expectSameView(page, alice.page);
  }
  // Carol stops following with Esc; Bob keeps following as Alice moves on.
  await carol.page.keyboard.press('Escape');
  await expect(carol.page.getByTestId('follow-banner')).toHaveCount(0);
  await canvas.focus();
  await canvas.press('ArrowRight');
  await canvas.press('ArrowDown');
  await expectSameView(bob.page, alice.page);

  // The feed tells the story to someone who looks later.
  await carol.page.getByTestId('activity-toggle').click();
  const kinds = carol.page.getByTestId('activity-panel').getByTestId('activity-entry');
  await expect(kinds.first()).toBeVisible();
  await expect
    .poll(() => kinds.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind'))))
    .toEqual(expect.arrayContaining(['vote.ended', 'vote.started', 'note.created', 'member.joined']));
});
