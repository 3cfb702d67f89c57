import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Board, BoardSnapshot } from '../contracts/boards';
import { clusterPorts } from './cluster-ports';
import { PAGE_LOAD, type Person, createBoard, createNote, expect, expectLive, test } from './fixtures';
import { memoryMetricsPort } from './server-env';

const STREAM_PATH = '/api/events';

/** Streams the pods hold right now (all of them are this test's: the run is serial). */
/**
 * A stream the app replaced (the leader reconnects as tabs add channels) can stay open on the
 * server for a few seconds: Chromium drains a cancelled HTTP/1.1 response for a while, hoping to
 * reuse its socket, before it closes it. The count settles once that is over.
 */
const STREAMS_SETTLE = { timeout: 15_000 };

async function openStreams(baseURL: string): Promise<number> {
  const ports = test.info().project.name === 'redis' ? clusterPorts.metricsPorts.map(String) : [memoryMetricsPort(new URL(baseURL).port)];
  let streams = 0;
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith('sse_connections_total '));
    streams += Number(line?.split(' ')[1] ?? NaN);
  }
  return streams;
}

/** A tab of `person` on `board`, counting the event streams it opens itself. */
interface Tab {
  readonly page: Page;
  readonly board: Board;
  streamsOpened: number;
}

async function openTab(person: Person, board: Board, page?: Page): Promise<Tab> {
  const tab: Tab = { page: page ?? (await person.context.newPage()), board, streamsOpened: 0 };
  tab.page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === STREAM_PATH) {
      tab.streamsOpened++;
    }
  });
  await tab.page.goto(`/boards/${board.id}`);
  await expect(tab.page.getByTestId('board-title')).toHaveText(board.title, PAGE_LOAD);
  await expectLive(tab.page);
  return tab;
}

async function serverNoteIds(person: Person, board: Board): Promise<string[]> {
  const snapshot = (await (await person.context.request.get(`/api/boards/${board.id}`)).json()) as BoardSnapshot;
  return snapshot.notes.map((note) => note.id).sort();
}

async function shownNoteIds(page: Page): Promise<string[]> {
  const ids = await page.getByTestId('note').evaluateAll((notes) => notes.map((note) => note.getAttribute('data-note-id') ?? ''));
  return ids.sort();
}

async function expectSameNotesAsServer(tab: Tab, writer: Person): Promise<void> {
  const expected = await serverNoteIds(writer, tab.board);
  await expect.poll(() => shownNoteIds(tab.page), { timeout: 10_000 }).toEqual(expected);
}

test('the tabs of one browser share one stream, each shows its own board, and closing the leader loses and doubles nothing', async ({
  people,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const alice = await people.join('Alice');
  // In the cluster the writer is on the other pod, so every event crosses Redis.
  const bob = await people.join('Bob', 'peer');
  const boards: Board[] = [];
  for (let i = 1; i <= 5; i++) {
    boards.push(await createBoard(bob, `Board ${i}`, [alice]));
  }

  const tabs: Tab[] = [await openTab(alice, boards[0], alice.page)];
  for (const board of boards.slice(1)) {
    tabs.push(await openTab(alice, board));
  }
  await expect.poll(() => openStreams(baseURL!), STREAMS_SETTLE).toBe(1);
  // One tab runs the stream; the others open none.
  expect(tabs.filter((tab) => tab.streamsOpened > 0)).toHaveLength(1);

  let written = 0;
  const write = async (board: Board): Promise<void> => {
    written++;
    await createNote(bob, board.id, { text: `note ${written}`, x: 40 + (written % 10) * 30, y: 60 + (written % 7) * 30, color: 'yellow' });
  };
  for (const board of boards) {
    await write(board);
    await write(board);
  }
  for (const tab of tabs) {
    await expectSameNotesAsServer(tab, bob);
    await expect(tab.page.getByTestId('note')).toHaveCount(2);
  }

  // The leader goes while notes keep arriving on every board.
  const leader = tabs.find((tab) => tab.streamsOpened > 0)!;
  const writing = (async () => {
    for (let round = 0; round < 4; round++) {
      for (const board of boards) {
        await write(board);
      }
    }
  })();
  const closedAt = Date.now();
  await leader.page.close();
  const remaining = tabs.filter((tab) => tab !== leader);
  // Handover: another tab takes the lock and opens the stream.
  await expect.poll(() => remaining.some((tab) => tab.streamsOpened > 0), { intervals: [20] }).toBe(true);
  const handoverMs = Date.now() - closedAt;
  await writing;
  for (const tab of remaining) {
    await expectSameNotesAsServer(tab, bob);
    await expect(tab.page.getByTestId('note')).toHaveCount(6);
    await expectLive(tab.page);
  }
  await expect.poll(() => openStreams(baseURL!), STREAMS_SETTLE).toBe(1);

  // Up to eight tabs at once over HTTP/1.1: they all load, go live and follow their board.
  for (const board of boards.slice(0, 4)) {
    remaining.push(await openTab(alice, board));
  }
  expect(remaining).toHaveLength(8);
  for (const board of boards) {
    await write(board);
  }
  for (const tab of remaining) {
    await expectSameNotesAsServer(tab, bob);
    await expect(tab.page.getByTestId('note')).toHaveCount(7);
  }
  await expect.poll(() => openStreams(baseURL!), STREAMS_SETTLE).toBe(1);
  expect(remaining.filter((tab) => tab.streamsOpened > 0)).toHaveLength(1);

  const figure = `leader tab closed → next tab's stream requested: ${handoverMs} ms`;
  // The config runs quiet, so the figure also goes to a file beside the results.
  test.info().annotations.push({ type: 'handover', description: figure });
  writeFileSync(path.join(test.info().project.outputDir, `shared-tabs-handover-${test.info().project.name}.txt`), `${figure}\n`);
});

test('logging out in the tab that runs the stream signs the other tabs out too, saying why', async ({ people }) => {
  const alice = await people.join('Alice');
  const board = await createBoard(alice, 'Retro');
  const leader = await openTab(alice, board, alice.page);
  const follower = await openTab(alice, board);
  expect(follower.streamsOpened).toBe(0);

  await leader.page.getByTestId('logout').click();
  await expect(leader.page).toHaveURL(/\/login/);

  await expect(follower.page).toHaveURL(/\/login/);
  await expect(follower.page.getByTestId('login-notice')).toContainText('You were signed out');
});

test('presence stays per user and board: a board open only in a follower tab shows the user, a status picked there reaches it, and closing that tab takes the user off it', async ({
  people,
}) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const planning = await createBoard(bob, 'Planning', [alice]);
  const retro = await createBoard(bob, 'Retro', [alice]);
  await openTab(alice, planning, alice.page);
  const follower = await openTab(alice, retro);
  expect(follower.streamsOpened).toBe(0);

  await bob.page.goto(`/boards/${retro.id}`);
  await expectLive(bob.page);
  const aliceOnRetro = bob.page.locator(`[data-testid="presence-avatar"][data-user-id="${alice.id}"]`);
  await expect(aliceOnRetro).toHaveAttribute('data-status', 'online');

  await follower.page.getByTestId('status-menu').click();
  await follower.page.getByTestId('status-busy').click();
  await expect(aliceOnRetro).toHaveAttribute('data-status', 'busy');

  // Alice's only tab on Retro closes: the shared stream drops the board, and after the grace period (5 s) she is gone.
  await follower.page.close();
  await expect(aliceOnRetro).toHaveCount(0, { timeout: 15_000 });
});
