import type { Locator, Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { startConversation } from './chat-helpers';
import { type Person, createBoard, expect, expectLive, test } from './fixtures';

// Real media between two browsers on a loaded machine: generous limits.
test.describe.configure({ timeout: 120_000 });

/** Calls timed for accept → connected (the issue asks for 20: CALL_SAMPLES=20; each call takes a few seconds here). */
const SAMPLES = Number(process.env.CALL_SAMPLES ?? 5);
const CONNECTED = { timeout: 20_000 };

function inCall(page: Page): Locator {
  return page.getByTestId('in-call');
}

interface Inbound {
  audio: number;
  video: number;
}

/** Inbound RTP bytes per kind from getStats(), as the in-call view shows them. */
async function inbound(page: Page): Promise<Inbound> {
  const view = inCall(page);
  return { audio: Number(await view.getAttribute('data-audio-bytes')), video: Number(await view.getAttribute('data-video-bytes')) };
}

/** Audio and video arrive and keep arriving (bytes received grow between two readings). */
async function expectMediaFlowing(page: Page): Promise<void> {
  await expect.poll(async () => Math.min((await inbound(page)).audio, (await inbound(page)).video), { timeout: 15_000 }).toBeGreaterThan(0);
  const before = await inbound(page);
  await expect
    .poll(
      async () => {
        const now = await inbound(page);
        return now.audio > before.audio && now.video > before.video;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

async function expectConnected(...people: Person[]): Promise<void> {
  for (const person of people) {
    await expect(inCall(person.page)).toHaveAttribute('data-connection-state', 'connected', CONNECTED);
    await expect(inCall(person.page)).toHaveAttribute('data-phase', 'active');
  }
}

async function expectEnded(person: Person, text: string): Promise<void> {
  await expect(inCall(person.page)).toHaveCount(0);
  await expect(person.page.getByTestId('call-ended')).toContainText(text);
}

/** openBoard with room for a loaded machine: the first page of a run can take longer than the default 5 s. */
async function openBoardSlowly(person: Person, boardId: string): Promise<void> {
  await person.page.goto(`/boards/${boardId}`);
  await expect(person.page.getByTestId('board-title')).toBeVisible({ timeout: 20_000 });
  await expectLive(person.page);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

test('Alice video-calls Bob from the board’s member list: both connect, audio and video flow both ways, hanging up ends it for both', async ({
  people,
}) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Stand-up', [bob]);
  await openBoardSlowly(alice, board.id);
  await openBoardSlowly(bob, board.id);

  await alice.page.getByTestId('members-button').click();
  const bobRow = alice.page.locator(`[data-testid="member"][data-user-id="${bob.id}"]`);
  await bobRow.getByTestId('call-video').click();
  await expect(inCall(alice.page)).toHaveAttribute('data-phase', 'outgoing-ringing');
  await expect(inCall(alice.page)).toContainText('Ringing…');

  const incoming = bob.page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible({ timeout: 10_000 });
  await expect(incoming.getByTestId('incoming-call-caller')).toHaveText('Alice');
  await incoming.getByTestId('accept-call-video').click();
  await expect(incoming).toHaveCount(0);

  await expectConnected(alice, bob);
  await expect(alice.page.getByTestId('remote-video')).toBeVisible();
  await expect(bob.page.getByTestId('remote-video')).toBeVisible();
  await expect(bob.page.getByTestId('self-view')).toBeVisible();
  await expectMediaFlowing(alice.page);
  await expectMediaFlowing(bob.page);
  await expect(bob.page.getByTestId('call-timer')).toHaveText(/^\d+:\d\d$/);
  await expect(alice.page.getByTestId('call-quality')).toHaveAttribute('data-level', /good|fair|poor/, { timeout: 10_000 });
  await expect(bob.page.getByTestId('toggle-mute')).toHaveAccessibleName('Mute microphone');
  await bob.page.getByTestId('toggle-mute').click();
  await expect(bob.page.getByTestId('toggle-mute')).toHaveAttribute('aria-pressed', 'true');

  await alice.page.getByTestId('hang-up').click();
  await expectEnded(alice, 'Call ended');
  await expectEnded(bob, 'Call ended');
});

test(`direct conversation header: a declined call ends for the caller; then accept → connected, median of ${SAMPLES} calls`, async ({
  people,
}) => {
  test.setTimeout(Math.max(120_000, 40_000 + SAMPLES * 15_000));
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const conversation = await startConversation(alice, [bob.username]);
  await alice.page.goto(`/conversations/${conversation.id}`);
  await expect(alice.page.getByTestId('conversation-heading')).toHaveText('Bob');
  await expectLive(alice.page);
  await bob.page.goto('/conversations');
  await expectLive(bob.page);

  const callButton = alice.page.getByTestId('call-button');
  await callButton.click();
  await alice.page.getByTestId('call-audio').click();
  await bob.page.getByTestId('decline-call').click();
  await expect(bob.page.getByTestId('incoming-call')).toHaveCount(0);
  await expectEnded(alice, 'Call declined');

  const fromBob: number[] = [];
  const fromTest: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    await expect(callButton).toBeEnabled();
    await callButton.click();
    await alice.page.getByTestId('call-video').click();
    const accept = bob.page.getByTestId('accept-call-video');
    await expect(accept).toBeVisible({ timeout: 10_000 });
    const started = Date.now();
    await accept.click();
    await expectConnected(bob, alice);
    fromTest.push(Date.now() - started);
    fromBob.push(Number(await inCall(bob.page).getAttribute('data-connect-ms')));
    await bob.page.getByTestId('hang-up').click();
    await expectEnded(alice, 'Call ended');
    await expect(inCall(bob.page)).toHaveCount(0);
  }
  const project = test.info().project.name;
  const figure =
    `[calls ${project}] accept → connected over ${SAMPLES} calls: median ${median(fromBob)} ms in the callee's page ` +
    `(min ${Math.min(...fromBob)}, max ${Math.max(...fromBob)}); median ${median(fromTest)} ms seen by the test (both sides connected)\n`;
  // The config runs quiet (no test output in the report), so the figure also goes to a file beside the results.
  console.log(figure);
  test.info().annotations.push({ type: 'accept → connected', description: figure });
  writeFileSync(path.join(test.info().project.outputDir, `calls-timing-${project}.txt`), figure);
  expect(fromBob.every((ms) => ms > 0)).toBe(true);

  // A missed-call link opens the history on the conversations page: the latest call first, hung up.
  await bob.page.goto('/conversations?calls=history');
  const latest = bob.page.getByTestId('call-history-item').first();
  await expect(latest).toBeVisible();
  await expect(latest).toHaveAttribute('data-reason', 'hangup');
  await expect(latest).toContainText('Alice');
});
