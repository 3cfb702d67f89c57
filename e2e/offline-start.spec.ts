import type { Page } from '@playwright/test';

import { chatTexts, postBoardMessage } from './chat-helpers';
import {
  type Person,
  type ShownNote,
  appShellCached,
  connectionState,
  createBoard,
  createNote,
  expect,
  expectLive,
  openBoard,
  shownNotes,
  test,
} from './fixtures';

const BANNER_TEXT = 'Offline — changes will sync';

/** Whether the app's IndexedDB holds `key` for the user (never creates the database itself). */
function isStored(page: Page, userId: string, key: string): Promise<boolean> {
  return page.evaluate(
    ([user, storedKey]) =>
      new Promise<boolean>((resolve) => {
        const request = indexedDB.open('corkboard');
        // Not there yet: creating it here would leave the app a database without its stores.
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onerror = () => resolve(false);
        request.onsuccess = () => {
          const db = request.result;
          const get = db.transaction('cache').objectStore('cache').get([user, storedKey]);
          get.onsuccess = () => {
            resolve(get.result !== undefined);
            db.close();
          };
          get.onerror = () => resolve(false);
        };
      }),
    [userId, key] as const,
  );
}

interface Scene {
  alice: Person;
  boardId: string;
  notes: ShownNote[];
}

/** Alice has a board with notes and chat open, a half-written message, and it is all stored. */
async function aliceMidSentence(people: { join(name: string): Promise<Person> }, { serviceWorker = false } = {}): Promise<Scene> {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Train trip');
  await createNote(alice, board.id, { text: 'Window seat', x: 60, y: 60, color: 'yellow' });
  await createNote(alice, board.id, { text: 'Snacks', x: 320, y: 60, color: 'green' });
  await postBoardMessage(alice, board.id, 'Leaving at 8');
  await postBoardMessage(alice, board.id, 'Platform 4');
  const page = alice.page;
  await page.goto('/boards');
  if (serviceWorker) {
    // On localhost the worker holds every request it controls until it has cached the whole app,
    // which on a loaded machine kept the boards list from showing within 5 s.
    await appShellCached(page, alice.context.request);
  }
  await expect(page.getByTestId('board-link')).toHaveText(['Train trip']);
  await expect.poll(() => isStored(page, alice.id, 'boards'), { message: 'boards list stored' }).toBe(true);
  await openBoard(alice, board.id);
  await expect(page.getByTestId('note')).toHaveCount(2);
  await expect(chatTexts(page)).toHaveText(['Leaving at 8', 'Platform 4']);
  await page.getByTestId('chat-input').fill('Bring the charger');

  for (const key of [`board:${board.id}`, `chat:board:${board.id}`, `draft:board:${board.id}`]) {
    await expect.poll(() => isStored(page, alice.id, key), { message: `${key} stored` }).toBe(true);
  }
  return { alice, boardId: board.id, notes: await shownNotes(page) };
}

async function expectLastKnownState(page: Page, scene: Scene): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`/boards/${scene.boardId}$`));
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toHaveText(BANNER_TEXT);
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('board-title')).toHaveText('Train trip');
  await expect.poll(() => shownNotes(page)).toEqual(scene.notes);
  await expect(chatTexts(page)).toHaveText(['Leaving at 8', 'Platform 4']);
  await expect(page.getByTestId('chat-input')).toHaveValue('Bring the charger');
}

test.describe('with the service worker', () => {
  // Other specs block service workers (playwright.config.ts): an offline reload needs one to load the app.
  test.use({ serviceWorkers: 'allow' });

  test('a reload with no network shows the last-known board, its chat and the draft, under the offline banner', async ({ people }) => {
    const scene = await aliceMidSentence(people, { serviceWorker: true });
    const page = scene.alice.page;
    await appShellCached(page, scene.alice.context.request);

    await scene.alice.context.setOffline(true);
    await page.reload();
    await expectLastKnownState(page, scene);

    await scene.alice.context.setOffline(false);
    await expectLive(page);
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  });

  test('a logout made with no network ends the session on the server once the browser is back', async ({ people }) => {
    const scene = await aliceMidSentence(people, { serviceWorker: true });
    const { page, context } = scene.alice;
    await appShellCached(page, context.request);

    await context.setOffline(true);
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('login-username')).toBeVisible();
    // The HttpOnly cookie is still good on the server: anyone at this browser could be Alice again.
    expect((await context.request.get('/api/auth/me')).status()).toBe(200);

    await context.setOffline(false);
    await page.reload();
    await expect(page.getByTestId('login-username')).toBeVisible();
    await expect.poll(async () => (await context.request.get('/api/auth/me')).status()).toBe(401);
    await page.goto(`/boards/${scene.boardId}`);
    await expect(page).toHaveURL(/\/login/);
  });
});

test('a reload while the server cannot be reached starts from the last-known state and catches up once it can', async ({ people }) => {
  const scene = await aliceMidSentence(people);
  const page = scene.alice.page;

  // The app's files still load; every API call and the stream fail as on a dead network.
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expectLastKnownState(page, scene);
  await page.getByRole('link', { name: 'Back to boards' }).click();
  await expect(page.getByTestId('board-link')).toHaveText(['Train trip']);
  await expect(page.getByTestId('offline-banner')).toHaveText(BANNER_TEXT);
  await page.getByTestId('board-link').click();
  await expectLastKnownState(page, scene);

  // Meanwhile, from another device.
  const added = await createNote(scene.alice, scene.boardId, { text: 'Tickets printed', x: 60, y: 300, color: 'blue' });
  await postBoardMessage(scene.alice, scene.boardId, 'Train is late');

  await page.unroute('**/api/**');
  // The stream retries on its backoff, which grew while the server was out of reach.
  await expect(connectionState(page)).toHaveAttribute('data-state', 'live', { timeout: 35_000 });
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect(page.locator(`[data-testid="note"][data-note-id="${added.id}"]`)).toBeVisible();
  await expect(chatTexts(page)).toHaveText(['Leaving at 8', 'Platform 4', 'Train is late']);
  await expect(page.getByTestId('chat-input')).toHaveValue('Bring the charger');
});

test('logging out leaves nothing of the user on the browser for an offline start', async ({ people }) => {
  const scene = await aliceMidSentence(people);
  const page = scene.alice.page;

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => isStored(page, scene.alice.id, `board:${scene.boardId}`)).toBe(false);
  await expect.poll(() => isStored(page, scene.alice.id, `draft:board:${scene.boardId}`)).toBe(false);

  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.goto(`/boards/${scene.boardId}`);
  await expect(page).toHaveURL(/\/login/);
});
