import type { Page } from '@playwright/test';

import type { BoardSnapshot } from '../contracts/boards';
import { chatMessages, chatTexts } from './chat-helpers';
import {
  appShellCached,
  connectionState,
  createBoard,
  createNote,
  dragNote,
  editNote,
  expect,
  noteById,
  openBoard,
  shownNotes,
  test,
} from './fixtures';

/** Bob, who stayed online, must see Alice's changes this soon after she is back. */
const SYNCED = { timeout: 3_000 };

/** Adds a note with the button and types its text, without waiting for the server (there may be none). */
async function addNoteOffline(page: Page, text: string): Promise<void> {
  await page.getByTestId('new-note').click();
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill(text);
  await editor.press('Enter');
  const note = page.getByTestId('note').filter({ has: page.getByTestId('note-text').getByText(text, { exact: true }) });
  await expect(note).toHaveAttribute('data-pending', 'true');
}

async function sendChatOffline(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('chat-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(chatMessages(page).last()).toHaveAttribute('data-pending', 'true');
}

test.describe('with the service worker', () => {
  // An offline reload needs the worker to load the app at all (others specs block it: playwright.config.ts).
  test.use({ serviceWorkers: 'allow' });

  test('changes made offline survive a reload with no network, then reach Bob exactly once when Alice is back', async ({ people }) => {
    const alice = await people.join('Alice');
    const bob = await people.join('Bob', 'peer');
    const board = await createBoard(alice, 'Night train', [bob]);
    const toMove = await createNote(alice, board.id, { text: 'Move me', x: 60, y: 60, color: 'yellow' });
    const toEdit = await createNote(alice, board.id, { text: 'Edit me', x: 320, y: 60, color: 'blue' });
    // Each browser's worker finishes caching the app first: on localhost it holds every request it
    // controls until then, which on a loaded machine kept the board from showing within 5 s.
    for (const person of [alice, bob]) {
      await person.page.goto('/boards');
      await appShellCached(person.page, person.context.request);
    }
    await openBoard(alice, board.id);
    await openBoard(bob, board.id);
    await expect(bob.page.getByTestId('note')).toHaveCount(2);
    const a = alice.page;

    await alice.context.setOffline(true);
    await expect(connectionState(a)).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
    for (const text of ['Tickets', 'Snacks', 'Charger']) {
      await addNoteOffline(a, text);
    }
    await dragNote(a, noteById(a, toMove.id), 0, 220);
    await editNote(a, noteById(a, toEdit.id), 'Edited on the train');
    await sendChatOffline(a, 'No signal here');
    await sendChatOffline(a, 'Back soon');
    // Everything shows at once, marked pending, and the header counts what waits.
    await expect(a.locator('[data-testid="note"][data-pending="true"]')).toHaveCount(5);
    await expect(a.locator('[data-testid="chat-message"][data-pending="true"]')).toHaveCount(2);
    await expect(a.getByTestId('outbox-status')).toHaveText('7 changes waiting');
    await expect(chatMessages(bob.page)).toHaveCount(0);
    const madeOffline = await shownNotes(a);

    // A reload with no network: the worker serves the app, IndexedDB the board and the outbox.
    const reloaded = await a.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(a.getByTestId('offline-banner')).toHaveText('Offline — changes will sync');
    await expect(a.getByTestId('board-title')).toHaveText('Night train');
    await expect.poll(() => shownNotes(a)).toEqual(madeOffline);
    await expect(a.locator('[data-testid="note"][data-pending="true"]')).toHaveCount(5);
    await expect(chatTexts(a)).toHaveText(['No signal here', 'Back soon']);
    await expect(a.locator('[data-testid="chat-message"][data-pending="true"]')).toHaveCount(2);
    await expect(a.getByTestId('outbox-status')).toHaveText('7 changes waiting');
    await expect(bob.page.getByTestId('note')).toHaveCount(2);

    // Bob never reloads: all he sees must arrive live, once.
    await bob.page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await alice.context.setOffline(false);
    await expect(bob.page.getByTestId('note')).toHaveCount(5, SYNCED);
    await expect(chatTexts(bob.page)).toHaveText(['No signal here', 'Back soon'], SYNCED);
    await expect(a.locator('[data-pending="true"]')).toHaveCount(0, SYNCED);
    await expect(a.getByTestId('outbox-status')).toHaveCount(0);
    await expect(a.getByTestId('offline-banner')).toHaveCount(0);

    const final = await shownNotes(a);
    await expect.poll(() => shownNotes(bob.page), SYNCED).toEqual(final);
    expect(final.map((note) => note.text).sort()).toEqual(['Charger', 'Edited on the train', 'Move me', 'Snacks', 'Tickets']);
    expect(final.find((note) => note.id === toMove.id)!.y).toBeGreaterThan(toMove.y + 100);
    // Exactly once on the server too, and Bob never reloaded to get there.
    const snapshot = (await (await alice.context.request.get(`/api/boards/${board.id}`)).json()) as BoardSnapshot;
    expect(snapshot.notes).toHaveLength(5);
    const messages = (await (await alice.context.request.get(`/api/boards/${board.id}/messages`)).json()) as { messages: unknown[] };
    expect(messages.messages).toHaveLength(2);
    expect(await bob.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });
});

test('a create whose response was lost is sent again and done once: one note, one event', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Flaky wifi', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  const a = alice.page;

  // The first create reaches the server, which stores it; its answer never comes back.
  let lost = false;
  await a.route(`**/api/boards/${board.id}/notes`, async (route) => {
    if (route.request().method() !== 'POST' || lost) {
      await route.fallback();
      return;
    }
    lost = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  const replayed = a.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith(`/api/boards/${board.id}/notes`),
  );

  await a.getByTestId('new-note').click();
  await expect(a.getByTestId('note-editor')).toBeFocused();
  const note = a.getByTestId('note');
  // The server did the write: Bob sees it, and the stream's echo may confirm it to Alice before the retry.
  await expect(bob.page.getByTestId('note')).toHaveCount(1);

  // The outbox's retry gets the first answer again instead of a second note.
  const retry = await replayed;
  expect(retry.status()).toBe(201);
  expect(retry.headers()['idempotent-replayed']).toBe('true');
  await expect(note).toHaveAttribute('data-note-id', /.+/);
  await expect(note).not.toHaveAttribute('data-pending', 'true');

  // A later note is a fence: a second event for the first one would have reached Bob before it.
  await createNote(alice, board.id, { text: 'Later', x: 400, y: 300, color: 'pink' });
  await expect(bob.page.getByTestId('note')).toHaveCount(2);
  await expect(a.getByTestId('note')).toHaveCount(2);
  const snapshot = (await (await alice.context.request.get(`/api/boards/${board.id}`)).json()) as BoardSnapshot;
  expect(snapshot.notes).toHaveLength(2);
});

test('logging out with changes not sent yet asks first; Cancel keeps the session, confirming discards them', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Unsent');
  await openBoard(alice, board.id);
  const a = alice.page;

  await alice.context.setOffline(true);
  await expect(connectionState(a)).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
  await addNoteOffline(a, 'Not sent yet');
  await expect(a.getByTestId('outbox-status')).toHaveText('1 change waiting');

  await a.getByTestId('logout').click();
  const dialog = a.getByTestId('discard-dialog');
  await expect(dialog).toContainText('1 change has not been sent yet. Log out and discard them?');
  await dialog.getByTestId('discard-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(a.getByTestId('current-user')).toHaveText('Alice');
  await expect(a.getByTestId('outbox-status')).toHaveText('1 change waiting');

  await a.getByTestId('logout').click();
  await a.getByTestId('discard-confirm').click();
  // The login page itself needs the network (or the service worker's cache) to load; the discard does not.
  await expect(a.getByTestId('outbox-status')).toHaveCount(0);
  expect(
    await a.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('corkboard');
          open.onsuccess = () => {
            const count = open.result.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    ),
  ).toBe(0);
  await alice.context.setOffline(false);
  // The logout never reached the server offline, so the cookie still reads the board: nothing was sent.
  const snapshot = (await (await alice.context.request.get(`/api/boards/${board.id}`)).json()) as BoardSnapshot;
  expect(snapshot.notes).toHaveLength(0);
});
