import type { Page } from '@playwright/test';

import { type Person, addNote, createBoard, createNote, expect, expectLive, noteById, openBoard, password, test } from './fixtures';

/**
 * Roles and invitations as members see them: a viewer's board is read-only and switches live
 * when the owner changes their role; invite links and invitations by username let people in
 * only once they take them up. (The Redis project puts the second user on another pod.)
 */

/** Live changes land well inside the stream's heartbeat. */
const AT_ONCE = { timeout: 3_000 };

/** Note writes the page sends (POST, PATCH or DELETE on a board's notes). */
function recordNoteWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && /\/api\/boards\/[^/]+\/notes/.test(request.url())) {
      writes.push(`${request.method()} ${request.url()}`);
    }
  });
  return writes;
}

async function openSettings(person: Person): Promise<void> {
  await person.page.getByTestId('board-settings').click();
  await expect(person.page.getByTestId('settings-panel')).toBeVisible();
}

async function setRole(owner: Person, member: Person, role: 'editor' | 'viewer'): Promise<void> {
  const row = owner.page.getByTestId('settings-member').filter({ hasText: `@${member.username}` });
  await row.getByTestId('member-role').selectOption(role);
  await expect(row).toHaveAttribute('data-role', role);
}

test('a viewer’s board is read-only, and turns editable and back live when the owner changes the role', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Sprint retro', [bob], 'viewer');
  const pinned = await createNote(alice, board.id, { text: 'Keep the demo', x: 200, y: 200, color: 'yellow' });

  await openBoard(bob, board.id);
  // Marks this page load: a reload would lose it.
  await bob.page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));
  const writes = recordNoteWrites(bob.page);
  const note = noteById(bob.page, pinned.id);
  await expect(note).toBeVisible();
  await expect(bob.page.getByTestId('view-only-badge')).toBeVisible();
  await expect(bob.page.getByTestId('new-note')).toHaveCount(0);
  await expect(note.getByTestId('delete-note')).toBeHidden();

  // Nothing a viewer does with pointer or keyboard changes the board.
  await note.dblclick();
  await expect(bob.page.getByTestId('note-editor')).toHaveCount(0);
  await bob.page.getByTestId('board-canvas').dblclick({ position: { x: 900, y: 500 } });
  await note.focus();
  await bob.page.keyboard.press('ArrowRight');
  await bob.page.keyboard.press('Delete');
  await expect(bob.page.getByTestId('note')).toHaveCount(1);
  await expect(note).toHaveAttribute('data-x', String(pinned.x));
  // Chat stays open to viewers.
  await expect(bob.page.getByTestId('board-title')).toHaveText('Sprint retro');

  expect(writes).toEqual([]);

  await openBoard(alice, board.id);
  await openSettings(alice);
  await setRole(alice, bob, 'editor');

  await expect(bob.page.getByTestId('view-only-badge')).toHaveCount(0, AT_ONCE);
  await expect(bob.page.getByTestId('info-message').filter({ hasText: 'You can now edit this board.' })).toBeVisible();
  await expect(note.getByTestId('delete-note')).toBeAttached();
  const added = await addNote(bob.page, 'Bob can write now');
  await expect(noteById(alice.page, added)).toBeVisible(AT_ONCE);
  const writtenAsEditor = writes.length;

  await setRole(alice, bob, 'viewer');
  await expect(bob.page.getByTestId('view-only-badge')).toBeVisible(AT_ONCE);
  await expect(bob.page.getByTestId('new-note')).toHaveCount(0);
  await expect(noteById(bob.page, added).getByTestId('delete-note')).toBeHidden();
  await noteById(bob.page, added).focus();
  await bob.page.keyboard.press('Delete');
  await expect(bob.page.getByTestId('note')).toHaveCount(2);

  expect(await bob.page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
  // Only what Bob did while an editor was ever sent.
  expect(writes).toHaveLength(writtenAsEditor);
});

test('an invite link made in the settings panel lets a signed-out visitor register and land on the board with its role', async ({
  people,
  browser,
  baseURL,
}) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Design crit');
  await openBoard(alice, board.id);
  await openSettings(alice);
  await alice.page.getByTestId('link-role').selectOption('viewer');
  await alice.page.getByTestId('link-expiry').selectOption({ label: '1 day' });
  await alice.page.getByTestId('link-max-uses').fill('2');
  await alice.page.getByTestId('create-link').click();
  const url = await alice.page.getByTestId('created-link-url').inputValue();
  expect(url).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
  await expect(alice.page.getByTestId('invite-link')).toHaveCount(1);
  await expect(alice.page.getByTestId('invite-link')).toContainText('0 of 2 uses');

  const visitor = await browser.newContext({ baseURL, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await visitor.newPage();
    await page.goto(new URL(url).pathname);
    await page.getByTestId('join-sign-in').click();
    await expect(page).toHaveURL(/\/login\?returnUrl=/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/register\?returnUrl=/);
    const username = `carol_${Date.now().toString(36)}`;
    await page.getByTestId('register-username').fill(username);
    await page.getByTestId('register-display-name').fill('Carol');
    await page.getByTestId('register-password').fill(password);
    await page.getByTestId('register-submit').click();

    await expect(page).toHaveURL(new RegExp(`/boards/${board.id}$`));
    await expect(page.getByTestId('board-title')).toHaveText('Design crit');
    await expect(page.getByTestId('view-only-badge')).toBeVisible();
    await expect(page.getByTestId('new-note')).toHaveCount(0);
    await expectLive(page);
  } finally {
    await visitor.close();
  }

  // The owner's panel follows: Carol is a viewer now. Revoked, the link lets no one else in.
  await expect(alice.page.getByTestId('settings-member').filter({ hasText: 'Carol' })).toHaveAttribute('data-role', 'viewer', AT_ONCE);
  await alice.page.getByTestId('revoke-link').click();
  await expect(alice.page.getByTestId('invite-link')).toHaveCount(0);
  const dave = await people.join('Dave');
  await dave.page.goto(new URL(url).pathname);
  await expect(dave.page.getByTestId('join-error')).toContainText('does not exist or was revoked');
  expect((await dave.context.request.get(`/api/boards/${board.id}`)).status()).toBe(403);
});

test('an invitation by username waits for an answer: accepted, it opens the board; declined, it gives nothing', async ({ people }) => {
  const alice = await people.join('Alice');
  const carol = await people.join('Carol', 'peer');
  const dave = await people.join('Dave', 'peer');
  const board = await createBoard(alice, 'Roadmap');

  for (const invitee of [carol, dave]) {
    await invitee.page.goto('/boards');
    await expectLive(invitee.page);
  }
  await openBoard(alice, board.id);
  await openSettings(alice);
  for (const invitee of [carol, dave]) {
    await alice.page.getByTestId('invite-input').fill(invitee.username);
    await alice.page.getByTestId('invite-role').selectOption('editor');
    await alice.page.getByTestId('invite-submit').click();
    await expect(alice.page.getByTestId('invite-success')).toContainText(invitee.username);
  }
  await expect(alice.page.getByTestId('pending-invitation')).toHaveCount(2);

  // Pending: nothing of the board yet.
  expect((await carol.context.request.get(`/api/boards/${board.id}`)).status()).toBe(403);
  await expect(carol.page.getByTestId('board-item').and(carol.page.locator(`[data-board-id="${board.id}"]`))).toHaveCount(0);

  await expect(carol.page.getByTestId('notification-count')).toHaveText('1', AT_ONCE);
  await carol.page.getByTestId('notification-bell').click();
  const invite = carol.page.getByTestId('notification-list');
  await expect(invite).toContainText('invited you to “Roadmap” as an editor');
  await invite.getByTestId('accept-invitation').click();
  await expect(carol.page).toHaveURL(new RegExp(`/boards/${board.id}$`));
  await expect(carol.page.getByTestId('board-title')).toHaveText('Roadmap');
  await expect(carol.page.getByTestId('new-note')).toBeVisible();

  // The owner's panel saw her accept.
  await expect(alice.page.getByTestId('settings-member').filter({ hasText: `@${carol.username}` })).toHaveAttribute(
    'data-role',
    'editor',
    AT_ONCE,
  );
  await expect(alice.page.getByTestId('pending-invitation')).toHaveCount(1, AT_ONCE);

  await expect(dave.page.getByTestId('my-invitation')).toHaveCount(1, AT_ONCE);
  await dave.page.getByTestId('decline-my-invitation').click();
  await expect(dave.page.getByTestId('my-invitation')).toHaveCount(0);
  await expect(alice.page.getByTestId('pending-invitation')).toHaveCount(0, AT_ONCE);
  await expect(dave.page.getByTestId('board-item').and(dave.page.locator(`[data-board-id="${board.id}"]`))).toHaveCount(0);
  expect((await dave.context.request.get(`/api/boards/${board.id}`)).status()).toBe(403);
  await dave.page.goto(`/boards/${board.id}`);
  await expect(dave.page.getByTestId('board-error')).toContainText('You are not a member of this board');
});
