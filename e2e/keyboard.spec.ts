import type { Locator, Page } from '@playwright/test';

import { chatTexts, postBoardMessage, postConversationMessage, startConversation } from './chat-helpers';
import { apiCall, createBoard, expect, expectLive, test } from './fixtures';

// Keyboard only: no click, no hover, no focus() call. Every step starts from where the
// previous one left focus and reaches its control with Tab, as someone without a mouse would.

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is not in the tab order. */
async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reachable with ${back ? 'Shift+Tab' : 'Tab'}`).toBeFocused({ timeout: 1 });
}

function liveRegion(page: Page): Locator {
  return page.locator('.cdk-live-announcer-element[aria-live="polite"]');
}

test('a board by keyboard alone: create, note, edit, move, colour, delete and undo, chat, export', async ({ people }) => {
  const alice = await people.join('Alice');
  const page = alice.page;
  await page.goto('/boards');
  await expect(page.getByTestId('boards-empty')).toBeVisible();

  // Create a board: Enter in the title field creates it and opens it.
  await tabTo(page, page.getByTestId('create-board-input'));
  await page.keyboard.type('Keyboard retro');
  await page.keyboard.press('Enter');
  // The first board page of a run can take a while on a loaded machine.
  await expect(page.getByTestId('board-title')).toHaveText('Keyboard retro', { timeout: 15_000 });
  await expectLive(page);

  // A new note opens with its editor focused; Enter saves and gives focus back to the note.
  await tabTo(page, page.getByTestId('new-note'));
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await page.keyboard.type('First idea');
  await page.keyboard.press('Enter');
  const note = page.getByTestId('note');
  await expect(note).toHaveCount(1);
  await expect(note).toBeFocused();
  await expect(note.getByTestId('note-text')).toHaveText('First idea');
  await expect(note).toHaveAttribute('data-note-id', /.+/);
  await expect(note).not.toHaveAttribute('data-pending', 'true');

  // Enter edits it again; Escape leaves without saving, focus back on the note.
  await page.keyboard.press('Enter');
  await expect(editor).toBeFocused();
  await page.keyboard.type(' (draft)');
  await page.keyboard.press('Escape');
  await expect(note).toBeFocused();
  await expect(note.getByTestId('note-text')).toHaveText('First idea');
  await page.keyboard.press('Enter');
  await expect(editor).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Better idea');
  await page.keyboard.press('Enter');
  await expect(note.getByTestId('note-text')).toHaveText('Better idea');
  await expect(note).toBeFocused();

  // Arrow keys move it by 10 px, Shift+arrow by 50 px; the note is shown at its new place.
  const x = Number(await note.getAttribute('data-x'));
  const y = Number(await note.getAttribute('data-y'));
  const before = (await note.boundingBox())!;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(note).toHaveAttribute('data-x', String(x + 20));
  await expect(note).toHaveAttribute('data-y', String(y + 50));
  // On screen too, once the note's short move transition has run.
  await expect
    .poll(async () => {
      const after = (await note.boundingBox())!;
      return { right: Math.round(after.x - before.x) >= 19, down: Math.round(after.y - before.y) >= 49 };
    })
    .toEqual({ right: true, down: true });
  await expect(note).not.toHaveAttribute('data-pending', 'true');

  // The colour picker is the note's next tab stop; arrows pick the next colour.
  const colour = await note.getAttribute('data-color');
  await page.keyboard.press('Tab');
  const checked = note.locator('.swatch[aria-checked="true"]');
  await expect(checked).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(note).not.toHaveAttribute('data-color', colour!);
  const picked = await note.getAttribute('data-color');
  await expect(note.locator(`.swatch[data-color="${picked}"]`)).toBeFocused();

  // Back to the note, Delete removes it (focus stays on the board), Ctrl+Z brings it back.
  await page.keyboard.press('Shift+Tab');
  await expect(note).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId('board-canvas')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(note).toHaveCount(1);
  await expect(note.getByTestId('note-text')).toHaveText('Better idea');
  await expect(note).toHaveAttribute('data-color', picked!);
  await expect(note).toHaveAttribute('data-x', String(x + 20));

  // Chat: the composer is in the tab order after the board.
  await tabTo(page, page.getByTestId('chat-input'));
  await page.keyboard.type('Hello from the keyboard');
  await page.keyboard.press('Enter');
  await expect(chatTexts(page)).toHaveText(['Hello from the keyboard']);
  await expect(page.getByTestId('chat-input')).toBeFocused();

  // Export: Enter opens the menu on its first format, arrows pick another.
  await tabTo(page, page.getByTestId('export-menu'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-format-json')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('export-format-csv')).toBeFocused();
  await page.keyboard.press('Enter');
  const job = page.getByTestId('jobs-panel').getByTestId('job-item').first();
  await expect(job.getByTestId('job-title')).toHaveText('Export “Keyboard retro” as CSV');
  await expect(job).toHaveAttribute('data-status', 'completed');
  const download = page.waitForEvent('download');
  await tabTo(page, job.getByTestId('job-download'));
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/^keyboard-retro-.*\.csv$/);
  // Escape closes the panel and gives focus back to its button.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('jobs-panel')).toHaveCount(0);
  await expect(page.getByTestId('jobs-button')).toBeFocused();
});

test('a conversation by keyboard; messages from others are announced politely', async ({ people }) => {
  const alice = await people.join('Alice');
  const ben = await people.join('Ben', 'peer');
  const conversation = await startConversation(ben, [alice.username]);
  await postConversationMessage(ben, conversation.id, 'Are you there?');
  const page = alice.page;
  await page.goto('/boards');
  await expectLive(page);

  await tabTo(page, page.getByTestId('conversations-link'));
  await page.keyboard.press('Enter');
  const item = page.getByTestId('conversation-item');
  await expect(item).toHaveCount(1);
  await tabTo(page, item);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/conversations/${conversation.id}$`));
  await expect(chatTexts(page)).toHaveText(['Are you there?']);
  await expectLive(page);

  await tabTo(page, page.getByTestId('chat-input'));
  await page.keyboard.type('Yes, here');
  await page.keyboard.press('Enter');
  await expect(chatTexts(page)).toHaveText(['Are you there?', 'Yes, here']);
  // Our own message is not read out to us.
  await expect(liveRegion(page)).not.toContainText('Yes, here');

  await postConversationMessage(ben, conversation.id, 'hello');
  await expect(chatTexts(page)).toHaveText(['Are you there?', 'Yes, here', 'hello']);
  await expect(liveRegion(page)).toHaveText('Ben: hello');
});

test('a burst of board messages is announced as a summary, not one by one; people joining by name', async ({ people }) => {
  const alice = await people.join('Alice');
  const ben = await people.join('Ben', 'peer');
  const board = await createBoard(alice, 'Busy board', [ben]);
  const page = alice.page;
  await page.goto(`/boards/${board.id}`);
  // The first board page of a run can take a while on a loaded machine.
  await expect(page.getByTestId('board-title')).toBeVisible({ timeout: 15_000 });
  await expectLive(page);
  // Everything the region says, in order (each announcement replaces the one before).
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const text = document.querySelector('.cdk-live-announcer-element[aria-live="polite"]')?.textContent ?? '';
      if (text && text !== said.at(-1)) {
        said.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const said = (): Promise<string[]> => page.evaluate(() => (window as unknown as { said: string[] }).said);

  await ben.page.goto(`/boards/${board.id}`);
  await expect(liveRegion(page)).toHaveText('Ben joined the board', { timeout: 15_000 });

  await postBoardMessage(ben, board.id, 'one');
  await expect(liveRegion(page)).toHaveText('Ben: one');
  const burst = ['two', 'three', 'four', 'five', 'six', 'seven'];
  await Promise.all(burst.map((text) => postBoardMessage(ben, board.id, text)));
  await expect(chatTexts(page)).toHaveCount(7);
  await expect(liveRegion(page)).toHaveText(/^\d new messages$/);
  // Seven messages, far fewer announcements: the burst was summarised, not read one by one.
  const messages = (await said()).filter((text) => !text.includes('joined'));
  expect(messages[0]).toBe('Ben: one');
  expect(messages.length).toBeLessThanOrEqual(3);
});

test('with the board chat collapsed, a message is still announced; so is the end of the timer', async ({ people }) => {
  const alice = await people.join('Alice');
  const ben = await people.join('Ben', 'peer');
  const board = await createBoard(alice, 'Quiet board', [ben]);
  const page = alice.page;
  await page.goto(`/boards/${board.id}`);
  await expect(page.getByTestId('board-title')).toBeVisible({ timeout: 15_000 });
  await expectLive(page);
  const panel = page.getByTestId('chat-panel');
  await expect(panel).toHaveAttribute('data-collapsed', 'false');
  await page.getByTestId('chat-toggle').click();
  await expect(panel).toHaveAttribute('data-collapsed', 'true');

  // Only the unread badge shows it on screen; the live region says who wrote what, and where.
  await postBoardMessage(ben, board.id, 'hello');
  await expect(page.getByTestId('chat-unread')).toHaveText('1');
  await expect(liveRegion(page)).toHaveText('Ben in the board chat: hello');

  // Ben runs the shortest timer; everyone on the board hears when it is over.
  await apiCall(ben, 'POST', `/api/boards/${board.id}/timer`, { action: 'start', durationMs: 5_000 });
  await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'up', { timeout: 15_000 });
  await expect(liveRegion(page)).toHaveText('Time is up');
});

test('? opens the keyboard shortcuts; Escape closes them and focus returns', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Shortcuts');
  const page = alice.page;
  await page.goto(`/boards/${board.id}`);
  await expect(page.getByTestId('board-title')).toBeVisible({ timeout: 15_000 });

  await tabTo(page, page.getByTestId('board-canvas'));
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Keyboard shortcuts');
  await expect(dialog.getByTestId('shortcuts-close')).toBeFocused();
  // Focus stays inside while it is open.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('board-canvas')).toBeFocused();

  // Typed into a text field, ? is just a character.
  await tabTo(page, page.getByTestId('chat-input'));
  await page.keyboard.type('why?');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('chat-input')).toHaveValue('why?');
});
