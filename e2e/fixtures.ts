import {
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Locator,
  type Page,
  test as base,
  expect,
} from '@playwright/test';

import type { AssignableRole, Board, BoardInvitation, Note, NoteColor } from '../contracts/boards';

export { expect };

export interface PeopleOptions {
  /** Where the second user's browser connects (another pod in Redis mode). */
  peerURL: string;
}

export interface Person {
  readonly name: string;
  readonly username: string;
  readonly id: string;
  readonly baseURL: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

interface People {
  /** A freshly registered, logged-in user with their own browser context. `peer` uses the peer URL. */
  join(name: string, where?: 'main' | 'peer'): Promise<Person>;
}

export const password = 'correct-horse-battery';

export const test = base.extend<PeopleOptions & { people: People }>({
  peerURL: ['', { option: true }],
  people: async ({ browser, baseURL, peerURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use({
      async join(name, where = 'main') {
        const url = where === 'peer' && peerURL ? peerURL : baseURL!;
        const context = await browser.newContext({ baseURL: url, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
        contexts.push(context);
        // Unique per run so reruns against the same server never hit "username taken".
        const username = `${name.toLowerCase()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
        const registered = await context.request.post('/api/auth/register', { data: { username, password, displayName: name } });
        expect(registered.status(), await registered.text()).toBe(201);
        const { user } = (await registered.json()) as { user: { id: string } };
        return { name, username, id: user.id, baseURL: url, context, page: await context.newPage() };
      },
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

/** A cookie-authenticated write from outside the UI; it must carry our Origin (CSRF check). */
export async function apiCall(person: Person, method: 'POST' | 'PATCH' | 'DELETE', path: string, data?: object): Promise<APIResponse> {
  const response = await person.context.request.fetch(path, {
    method,
    data,
    headers: { origin: new URL(person.baseURL).origin },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response;
}

/** Members are invited (with `role`, editor by default) and accept, as they would in the app. */
export async function createBoard(owner: Person, title: string, members: Person[] = [], role?: AssignableRole): Promise<Board> {
  let board = (await (await apiCall(owner, 'POST', '/api/boards', { title })).json()) as Board;
  for (const member of members) {
    const invitation = (await (
      await apiCall(owner, 'POST', `/api/boards/${board.id}/members`, { username: member.username, role })
    ).json()) as BoardInvitation;
    board = (await (await apiCall(member, 'POST', `/api/invitations/${invitation.id}/accept`)).json()) as Board;
  }
  return board;
}

export async function createNote(
  person: Person,
  boardId: string,
  note: { text: string; x: number; y: number; color: NoteColor },
): Promise<Note> {
  return (await (await apiCall(person, 'POST', `/api/boards/${boardId}/notes`, note)).json()) as Note;
}

export function connectionState(page: Page): Locator {
  return page.getByTestId('connection-state');
}

export async function expectLive(page: Page): Promise<void> {
  await expect(connectionState(page)).toHaveAttribute('data-state', 'live');
}

/**
 * Loading a whole board page (app, board chunk, snapshot, stream) on a 2-core machine that also
 * runs the server and other browsers: CI saw it pass 5 s. Live delivery keeps its tight timeouts.
 */
export const PAGE_LOAD = { timeout: 15_000 };

/** Opens the board and waits until its events flow (the stream was reopened with the board's channel). */
export async function openBoard(person: Person, boardId: string): Promise<void> {
  await person.page.goto(`/boards/${boardId}`);
  await expect(person.page.getByTestId('board-title')).toBeVisible(PAGE_LOAD);
  await expectLive(person.page);
}

export function noteById(page: Page, id: string): Locator {
  return page.locator(`[data-testid="note"][data-note-id="${id}"]`);
}

export interface ShownNote {
  id: string;
  text: string;
  x: number;
  y: number;
  color: string;
}

/** What the page shows, in a comparable form (ordered by id). */
export async function shownNotes(page: Page): Promise<ShownNote[]> {
  const notes = await page.getByTestId('note').evaluateAll((elements) =>
    elements.map((element) => ({
      id: element.getAttribute('data-note-id') ?? '',
      text: element.querySelector('[data-testid="note-text"]')?.textContent ?? '',
      x: Number(element.getAttribute('data-x')),
      y: Number(element.getAttribute('data-y')),
      color: element.getAttribute('data-color') ?? '',
    })),
  );
  return notes.sort((a, b) => a.id.localeCompare(b.id));
}

/** Drags a note by its middle; returns where it says it ended up. */
export async function dragNote(page: Page, note: Locator, dx: number, dy: number): Promise<{ x: string; y: string }> {
  const box = await note.boundingBox();
  expect(box).not.toBeNull();
  const startX = box!.x + box!.width / 2;
  const startY = box!.y + box!.height / 2;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + dx, startY + dy, { steps: 10 });
  await page.mouse.up();
  return { x: (await note.getAttribute('data-x'))!, y: (await note.getAttribute('data-y'))! };
}

/** Adds a note with the button and types its text; resolves with the server's id once confirmed. */
export async function addNote(page: Page, text: string): Promise<string> {
  await page.getByTestId('new-note').click();
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill(text);
  await editor.press('Enter');
  const note = page.getByTestId('note').filter({ has: page.getByTestId('note-text').getByText(text, { exact: true }) });
  await expect(note).toHaveAttribute('data-note-id', /.+/);
  return (await note.getAttribute('data-note-id'))!;
}

/** Opens a note's editor with the keyboard, replaces the text, saves with Enter. */
export async function editNote(page: Page, note: Locator, text: string): Promise<void> {
  await note.focus();
  await page.keyboard.press('Enter');
  const editor = note.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill(text);
  await editor.press('Enter');
}

/** Waits until the service worker is active and has cached every file of the app shell (prefetched after activation). */
export async function appShellCached(page: Page, request: APIRequestContext): Promise<void> {
  const manifest = (await (await request.get('/ngsw.json')).json()) as { assetGroups: Array<{ name: string; urls: string[] }> };
  const shell = manifest.assetGroups.find((group) => group.name === 'app-shell')!.urls;
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(
      () => page.evaluate(async (urls) => (await Promise.all(urls.map((url) => caches.match(url)))).filter((hit) => !hit).length, shell),
      {
        timeout: 20_000,
      },
    )
    .toBe(0);
}
