import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { connectionState, createBoard, createNote, expect, noteById, test } from './fixtures';

// Runs in the `buffering-proxy` project: the first user's browser reaches the pods through an
// nginx that holds event streams back (buffering-proxy.ts); the second talks to pod 2 directly.

/**
 * The stream's headers arrive, its bytes never do: the client waits 2.5 heartbeats of the
 * default 15 s (stream.ready never gets through to say otherwise), then one poll, then polls.
 */
const FALLBACK = { timeout: 60_000 };
/** A note created by another user, carried by a long poll waiting for it. */
const LIVE = { timeout: 3_000 };

test.describe.configure({ timeout: 120_000 });

test('behind a proxy that holds the stream back, the app falls back to long polls and stays live', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Behind the proxy', [bob]);

  const opened = Date.now();
  await alice.page.goto(`/boards/${board.id}`);
  await expect(alice.page.getByTestId('board-title')).toHaveText('Behind the proxy');
  const boardShown = Date.now();
  const state = connectionState(alice.page);
  await expect(state).toHaveAttribute('data-transport', 'poll', FALLBACK);
  await expect(state).toHaveAttribute('data-state', 'live');
  // Shown as "Live · polling" (the state word is capitalised by CSS).
  await expect(state).toHaveText('live · polling');
  const fallbackMs = Date.now() - opened;
  const sinceBoardMs = Date.now() - boardShown;

  const before = Date.now();
  const note = await createNote(bob, board.id, { text: 'Through the proxy', x: 60, y: 60, color: 'yellow' });
  await expect(noteById(alice.page, note.id).getByTestId('note-text')).toHaveText('Through the proxy', LIVE);
  const deliveryMs = Date.now() - before;

  // Polling is live, not a way of reconnecting: it stays that way.
  await expect(state).toHaveAttribute('data-state', 'live');
  await expect(state).toHaveAttribute('data-transport', 'poll');

  // The browser remembers: a reload polls from the start (the stream, tried beside, is still held back).
  const reloaded = Date.now();
  await alice.page.reload();
  await expect(state).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  await expect(state).toHaveAttribute('data-transport', 'poll');
  const reloadMs = Date.now() - reloaded;
  const after = await createNote(bob, board.id, { text: 'After the reload', x: 300, y: 60, color: 'green' });
  await expect(noteById(alice.page, after.id).getByTestId('note-text')).toHaveText('After the reload', LIVE);

  const figure =
    `buffering proxy: page open → polling ${fallbackMs} ms (board shown → polling ${sinceBoardMs} ms); ` +
    `note POST → shown through a poll ${deliveryMs} ms; reload → live · polling ${reloadMs} ms`;
  // The config runs quiet (no test output in the report), so the figure also goes to a file beside the results.
  console.log(figure);
  test.info().annotations.push({ type: 'buffering proxy', description: figure });
  writeFileSync(path.join(test.info().project.outputDir, 'buffering-proxy-timing.txt'), figure);
});
