import type { Page } from '@playwright/test';

import { type Locale, axeTest as test, scan } from './axe';
import { chatMessages, postBoardMessage, postConversationMessage, startConversation } from './chat-helpers';
import { type Person, apiCall, createBoard, createNote, expect, expectLive, noteById } from './fixtures';
import { type CreatedInviteLink, NOTE_COLORS } from '../contracts/boards';

// Many states per test, each scanned by axe, on a loaded 2-core machine.
test.describe.configure({ timeout: 240_000 });

const LOCALES: readonly Locale[] = ['en', 'ar'];

/** The app runs in the browser's language: Arabic is right-to-left. */
async function expectLanguage(page: Page, locale: Locale): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', locale === 'ar' ? /^ar/ : /^en/);
  await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
}

/** One note of every colour in a row, so each colour's contrast is scanned. */
async function colourfulBoard(owner: Person, members: Person[], title: string): Promise<{ id: string; notes: string[] }> {
  const board = await createBoard(owner, title, members);
  const notes: string[] = [];
  for (const [index, color] of NOTE_COLORS.entries()) {
    notes.push((await createNote(owner, board.id, { text: `A ${color} idea`, x: 40 + index * 210, y: 60, color })).id);
  }
  return { id: board.id, notes };
}

/** openBoard with room for a loaded machine: a full board can take longer than the default 5 s. */
async function openBoard(person: Person, boardId: string): Promise<void> {
  await person.page.goto(`/boards/${boardId}`);
  await expect(person.page.getByTestId('board-title')).toBeVisible({ timeout: 20_000 });
  await expectLive(person.page);
}

async function pngOf(page: Page): Promise<Buffer> {
  return page.screenshot({ clip: { x: 0, y: 0, width: 160, height: 100 } });
}

for (const locale of LOCALES) {
  test.describe(`axe [${locale}]`, () => {
    test(`signed-out pages: login, register, join`, async ({ speakers, browser, baseURL }) => {
      const alice = await speakers.join('Alice', locale);
      const board = await createBoard(alice, 'Open house');
      const link = (await (
        await apiCall(alice, 'POST', `/api/boards/${board.id}/invite-links`, { role: 'editor', expiresIn: 3600 })
      ).json()) as CreatedInviteLink;

      const visitor = await browser.newContext({ baseURL, locale, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
      try {
        const page = await visitor.newPage();
        await page.goto('/login');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectLanguage(page, locale);
        await scan(page, 'login', locale);

        // A failed sign-in shows its error state too.
        await page.locator('input[type=password]').fill('wrong-password');
        await page.locator('input:not([type=password])').first().fill('nobody_here');
        await page.locator('form button[type=submit]').click();
        await expect(page.locator('[role=alert], .form-error').first()).toBeVisible();
        await scan(page, 'login with error', locale);

        await page.goto('/register');
        await expect(page.getByTestId('register-username')).toBeVisible();
        await scan(page, 'register', locale);

        await page.goto(link.path);
        await expect(page.getByTestId('join-sign-in')).toBeVisible();
        await scan(page, 'join (signed out)', locale);
      } finally {
        await visitor.close();
      }

      const bob = await speakers.join('Bob', locale);
      await bob.page.goto(link.path);
      await expect(bob.page.getByRole('button').first()).toBeVisible();
      await scan(bob.page, 'join (signed in)', locale);
    });

    test(`boards list, notifications, jobs, conversations`, async ({ speakers }) => {
      const alice = await speakers.join('Alice', locale);
      const bob = await speakers.join('Bob', locale, 'peer');
      await createBoard(alice, 'Roadmap');
      await createBoard(alice, 'Hiring');
      const theirs = await createBoard(bob, 'Bob’s retro');
      await apiCall(bob, 'POST', `/api/boards/${theirs.id}/members`, { username: alice.username });
      const page = alice.page;

      await page.goto('/boards');
      await expect(page.getByTestId('board-item')).toHaveCount(2);
      await expect(page.getByTestId('my-invitation')).toHaveCount(1);
      await expectLive(page);
      await expectLanguage(page, locale);
      await scan(page, 'boards list with an invitation', locale);

      await page.getByTestId('notification-bell').click();
      await expect(page.getByTestId('notification-list')).toBeVisible();
      await scan(page, 'notifications dropdown', locale);
      await page.keyboard.press('Escape');

      await page.getByTestId('export-menu').click();
      await expect(page.getByTestId('export-format-markdown')).toBeVisible();
      await scan(page, 'export menu', locale);
      await page.getByTestId('export-format-markdown').click();
      const job = page.getByTestId('jobs-panel').getByTestId('job-item').first();
      await expect(job).toHaveAttribute('data-status', 'completed');
      await scan(page, 'jobs panel with a finished export', locale);
      await page.getByTestId('jobs-close').click();

      const conversation = await startConversation(bob, [alice.username]);
      await postConversationMessage(bob, conversation.id, 'Hi Alice, lunch?');
      await page.goto('/conversations');
      await expect(page.getByTestId('conversation-item')).toHaveCount(1);
      await scan(page, 'conversations', locale);

      await page.getByTestId('conversation-item').click();
      await expect(page.getByTestId('conversation-heading')).toHaveText('Bob');
      await page.getByTestId('chat-input').fill('Sure, at noon');
      await page.getByTestId('chat-input').press('Enter');
      await expect(chatMessages(page).last()).toHaveAttribute('data-message-id', /^\d+-\d+$/);
      await scan(page, 'conversation', locale);

      await page.getByTestId('call-button').click();
      await expect(page.getByTestId('call-video')).toBeVisible();
      await scan(page, 'call menu', locale);
    });

    test(`board: notes, presence, chat, panels`, async ({ speakers }) => {
      const alice = await speakers.join('Alice', locale);
      const bob = await speakers.join('Bob', locale, 'peer');
      const board = await colourfulBoard(alice, [bob], 'Retro');
      await postBoardMessage(bob, board.id, 'Morning! Notes are up.');
      const trashed = await createNote(alice, board.id, { text: 'Old idea', x: 40, y: 400, color: 'yellow' });
      await apiCall(alice, 'DELETE', `/api/boards/${board.id}/notes/${trashed.id}`);
      await openBoard(alice, board.id);
      await openBoard(bob, board.id);
      const page = alice.page;
      await expectLanguage(page, locale);

      // Own message with a file, Bob's message, Bob typing, Bob's cursor on the board.
      await page.getByTestId('chat-file-input').setInputFiles({ name: 'sketch.png', mimeType: 'image/png', buffer: await pngOf(page) });
      await expect(page.getByTestId('chat-upload')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
      await page.getByTestId('chat-input').fill('Here is the sketch');
      await page.getByTestId('chat-send').click();
      await expect(chatMessages(page).last()).toHaveAttribute('data-message-id', /^\d+-\d+$/);
      await expect(page.getByTestId('chat-thumbnail')).toBeVisible();
      const box = (await bob.page.getByTestId('board-canvas').boundingBox())!;
      await bob.page.mouse.move(box.x + 300, box.y + 320, { steps: 4 });
      await expect(page.getByTestId('remote-cursor')).toBeVisible();
      await bob.page.getByTestId('chat-input').pressSequentially('Looks good', { delay: 20 });
      await expect(page.getByTestId('typing-indicator')).toBeVisible();
      await scan(page, 'board with notes, cursor and chat', locale);

      const note = noteById(page, board.notes[0]);
      await note.focus();
      await page.keyboard.press('Enter');
      await expect(note.getByTestId('note-editor')).toBeFocused();
      await scan(page, 'note editor', locale, `[data-note-id="${board.notes[0]}"]`);
      await page.keyboard.press('Escape');

      await page.getByTestId('board-settings').click();
      await expect(page.getByTestId('settings-panel')).toBeVisible();
      await scan(page, 'board settings (share)', locale, '[data-testid=settings-panel]');
      await page.getByTestId('settings-close').click();

      await page.getByTestId('members-button').click();
      await expect(page.getByTestId('member-list')).toBeVisible();
      await scan(page, 'members list', locale, 'cb-presence-bar');
      await page.keyboard.press('Escape');

      await page.getByTestId('activity-toggle').click();
      await expect(page.getByTestId('activity-panel').getByTestId('activity-entry').first()).toBeVisible();
      await scan(page, 'activity panel', locale, '[data-testid=activity-panel]');
      await page.getByTestId('trash-toggle').click();
      await expect(page.getByTestId('trash-panel').getByTestId('trash-item')).toHaveCount(1);
      await scan(page, 'trash panel', locale, '[data-testid=trash-panel]');
      await page.getByTestId('trash-toggle').click();

      await page.getByTestId('status-menu').click();
      await expect(page.getByTestId('status-busy')).toBeVisible();
      await scan(page, 'status menu', locale, 'cb-status-menu');
      await page.keyboard.press('Escape');

      // Bob leads, Alice follows.
      await page.locator(`[data-testid="presence-avatar"][data-user-id="${bob.id}"]`).click();
      await expect(page.getByTestId('follow-banner')).toBeVisible();
      await scan(page, 'follow banner', locale, 'cb-follow-banner', 'cb-presence-bar');
      await page.getByTestId('stop-following').click();

      await page.getByTestId('chat-toggle').click();
      await expect(page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'true');
      await postBoardMessage(bob, board.id, 'Are you there?');
      await expect(page.getByTestId('chat-unread')).toBeVisible();
      await scan(page, 'chat collapsed with unread', locale, 'cb-chat-panel');
    });

    test(`board: vote, timer, jobs, dialogs, call`, async ({ speakers }) => {
      const alice = await speakers.join('Alice', locale);
      const bob = await speakers.join('Bob', locale, 'peer');
      const board = await colourfulBoard(alice, [bob], 'Planning');
      await openBoard(alice, board.id);
      await openBoard(bob, board.id);
      const page = alice.page;

      await page.getByTestId('start-vote').click();
      const dialog = page.getByTestId('start-vote-dialog');
      await expect(dialog).toBeVisible();
      await scan(page, 'start vote dialog', locale, 'cb-start-vote-dialog');
      await dialog.getByTestId('start-vote-submit').click();
      await expect(page.getByTestId('vote-status')).toHaveAttribute('data-status', 'running');
      await noteById(page, board.notes[1]).getByTestId('add-dot').click();
      await expect(noteById(page, board.notes[1]).getByTestId('vote-dots')).toHaveAttribute('data-mine', '1');

      await page.getByTestId('timer-menu').click();
      await scan(page, 'timer menu', locale, 'cb-board-timer');
      await page.getByTestId('timer-preset-1').click();
      await expect(page.getByTestId('timer-clock')).toHaveAttribute('data-status', 'running');
      await scan(page, 'running vote and timer', locale);

      await page.getByTestId('end-vote').click();
      await expect(page.getByTestId('vote-status')).toHaveAttribute('data-status', 'ended');
      await scan(page, 'vote results', locale, 'cb-vote-status', '[data-testid=board-canvas]');

      await page.getByTestId('export-menu').click();
      await page.getByTestId('export-format-csv').click();
      await expect(page.getByTestId('jobs-panel').getByTestId('job-item').first()).toHaveAttribute('data-status', 'completed');
      await scan(page, 'board jobs panel with a finished export', locale, '[data-testid=jobs-panel]');
      await page.getByTestId('jobs-close').click();

      // Both edit one note; Alice saves last and meets the conflict dialog.
      const mine = noteById(page, board.notes[2]);
      const theirs = noteById(bob.page, board.notes[2]);
      for (const [who, target] of [
        [page, mine],
        [bob.page, theirs],
      ] as const) {
        await target.focus();
        await who.keyboard.press('Enter');
        await expect(target.getByTestId('note-editor')).toBeFocused();
      }
      await theirs.getByTestId('note-editor').fill('Bob’s version');
      await theirs.getByTestId('note-editor').press('Enter');
      await expect(theirs).not.toHaveAttribute('data-pending', 'true');
      await mine.getByTestId('note-editor').fill('Alice’s version');
      await mine.getByTestId('note-editor').press('Enter');
      await expect(page.getByTestId('conflict-dialog')).toBeVisible();
      await scan(page, 'conflict dialog', locale, '[data-testid=conflict-dialog]');
      await page.getByTestId('conflict-dialog').getByRole('button').first().click();
      await expect(page.getByTestId('conflict-dialog')).toBeHidden();

      // Bob calls Alice from the members list.
      await bob.page.getByTestId('members-button').click();
      await bob.page.locator(`[data-testid="member"][data-user-id="${alice.id}"]`).getByTestId('call-audio').click();
      await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 });
      // The call rings for 30 s (CALL_RING_TIMEOUT_MS): the two scans must fit in it on a loaded machine.
      await expect(bob.page.getByTestId('in-call')).toBeVisible();
      await Promise.all([scan(page, 'incoming call', locale, 'cb-incoming-call'), scan(bob.page, 'outgoing call', locale, 'cb-in-call')]);
      await page.getByTestId('decline-call').click();
      await expect(bob.page.getByTestId('call-ended')).toBeVisible();
      await scan(bob.page, 'call ended', locale, 'cb-call-overlay');

      // Offline with a change not sent: logging out asks first.
      await alice.context.setOffline(true);
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
      await page.getByTestId('new-note').click();
      await page.getByTestId('note-editor').fill('Not sent yet');
      await page.getByTestId('note-editor').press('Enter');
      await expect(page.getByTestId('outbox-status')).toBeVisible();
      await scan(
        page,
        'offline with changes waiting',
        locale,
        'cb-outbox-status',
        '[data-testid=offline-banner]',
        '[data-testid=board-canvas]',
      );
      await page.getByTestId('logout').click();
      await expect(page.getByTestId('discard-dialog')).toBeVisible();
      await scan(page, 'discard dialog', locale, 'cb-discard-dialog');
      await page.getByTestId('discard-cancel').click();
      await alice.context.setOffline(false);
    });
  });
}

/** The visible controls (how many), and those smaller than a fingertip (44 × 44 px), described for the failure message. */
async function touchTargets(page: Page): Promise<{ visible: number; small: string[] }> {
  return page.locator('button, a[href], [role=button]').evaluateAll((elements) => {
    // Visually hidden (1 px clip) and not rendered controls are nobody's target.
    const shown = elements.filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 1 && box.height > 1 && element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    });
    const small = shown.flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width >= 43.5 && box.height >= 43.5) {
        return [];
      }
      const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30);
      return [`${element.tagName.toLowerCase()}.${element.className} “${name}”: ${Math.round(box.width)}×${Math.round(box.height)}`];
    });
    return { visible: shown.length, small };
  });
}

/** Computed durations in seconds ("0.15s, 1e-05s" → [0.15, 0.00001]). */
function seconds(list: string): number[] {
  return list.split(',').map((value) => (value.trim().endsWith('ms') ? parseFloat(value) / 1000 : parseFloat(value)));
}

test.describe('visual preferences', () => {
  test('on a phone every button and link of the board and the chat is at least 44 × 44 px', async ({ speakers }) => {
    const alice = await speakers.join('Alice', 'en', 'main', { viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    const board = await colourfulBoard(alice, [], 'Phone');
    await postBoardMessage(alice, board.id, 'From the train');
    await openBoard(alice, board.id);
    const page = alice.page;
    await noteById(page, board.notes[0]).focus();
    const onBoard = await touchTargets(page);
    expect(onBoard.small, 'board').toEqual([]);
    // The header, the toolbar and the focused note's own buttons were measured.
    expect(onBoard.visible).toBeGreaterThan(10);

    if ((await page.getByTestId('chat-panel').getAttribute('data-collapsed')) === 'true') {
      await page.getByTestId('chat-toggle').click();
    }
    await expect(page.getByTestId('chat-content')).toHaveText(['From the train']);
    const inChat = await touchTargets(page);
    expect(inChat.small, 'chat').toEqual([]);
    expect(inChat.visible).toBeGreaterThan(3);
  });

  test('with reduced motion notes and toasts do not animate', async ({ speakers }) => {
    const alice = await speakers.join('Alice', 'en', 'main', { reducedMotion: 'reduce' });
    const board = await colourfulBoard(alice, [], 'Calm');
    await openBoard(alice, board.id);
    const page = alice.page;
    const note = noteById(page, board.notes[0]);
    const motion = (element: Element) => {
      const style = getComputedStyle(element);
      return { animation: style.animationDuration, transition: style.transitionDuration };
    };
    const noteMotion = await note.evaluate(motion);
    expect(Math.max(...seconds(noteMotion.transition), ...seconds(noteMotion.animation)), JSON.stringify(noteMotion)).toBeLessThan(0.001);

    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-format-csv').click();
    const toast = page.getByTestId('info-message');
    await expect(toast).toBeVisible();
    const toastMotion = await toast.evaluate(motion);
    expect(Math.max(...seconds(toastMotion.transition), ...seconds(toastMotion.animation)), JSON.stringify(toastMotion)).toBeLessThan(
      0.001,
    );
  });

  test('in forced colours every note and button keeps a visible border', async ({ speakers }) => {
    const alice = await speakers.join('Alice', 'en', 'main', { forcedColors: 'active' });
    const board = await colourfulBoard(alice, [], 'High contrast');
    await openBoard(alice, board.id);
    const page = alice.page;
    const borderless = (elements: Element[]) =>
      elements.flatMap((element) => {
        const style = getComputedStyle(element);
        const visible =
          style.borderTopStyle !== 'none' &&
          parseFloat(style.borderTopWidth) >= 1 &&
          !/rgba\(.*,\s*0\)$|transparent/.test(style.borderTopColor);
        return visible || !element.checkVisibility()
          ? []
          : [`${element.tagName.toLowerCase()} ${element.getAttribute('data-testid') ?? element.className}`];
      });
    await expect(page.getByTestId('note')).toHaveCount(NOTE_COLORS.length);
    expect(await page.getByTestId('note').evaluateAll(borderless), 'notes').toEqual([]);
    expect(await page.locator('button, [role=button]').evaluateAll(borderless), 'buttons').toEqual([]);
  });
});
