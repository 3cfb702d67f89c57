import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { chatMessages, startConversation } from './chat-helpers';
import { createBoard, expect, expectLive, openBoard, test } from './fixtures';

const artifacts = path.join(__dirname, 'artifacts');

/** What one member does, the other must see within a second (a download or a decryption may take longer). */
const LIVE = { timeout: 1_000 };

/** A real PNG of 640×400: a piece of the page itself. */
async function pngOf(page: Page): Promise<Buffer> {
  return page.screenshot({ clip: { x: 0, y: 0, width: 640, height: 400 } });
}

/** Picks a file with the attach button's input, waits until it is uploaded, and sends it with a text. */
async function sendFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, text: string): Promise<void> {
  await page.getByTestId('chat-file-input').setInputFiles(file);
  await expect(page.getByTestId('chat-upload')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await expect(page.getByTestId('chat-upload')).toHaveCount(0);
  await expect(messageWith(page, text)).toHaveAttribute('data-message-id', /^\d+-\d+$/);
}

function messageWith(page: Page, text: string): Locator {
  return chatMessages(page).filter({ has: page.getByTestId('chat-content').getByText(text, { exact: true }) });
}

/** The image has loaded (not just an <img> with a broken source). */
async function expectLoaded(image: Locator): Promise<void> {
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
}

async function downloadFrom(page: Page, message: Locator): Promise<{ name: string; bytes: Buffer }> {
  const downloading = page.waitForEvent('download');
  await message.getByTestId('chat-attachment-download').click();
  const download = await downloading;
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test('an image in a board room: a thumbnail for the other member, its download, and deleting it removes it for both', async ({
  people,
}) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Design review', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  const png = await pngOf(alice.page);

  await sendFile(alice.page, { name: 'layout.png', mimeType: 'image/png', buffer: png }, 'The layout so far');

  const atBob = messageWith(bob.page, 'The layout so far');
  const thumbnail = atBob.getByTestId('chat-thumbnail');
  await expect(thumbnail).toBeVisible(LIVE);
  await expect(thumbnail).toHaveAttribute('alt', 'layout.png');
  await expect(thumbnail).toHaveAttribute('src', /^\/api\/attachments\/[^/]+\/thumbnail$/);
  await expectLoaded(thumbnail);
  expect(await thumbnail.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeLessThanOrEqual(320);
  await bob.page.getByTestId('chat-panel').screenshot({ path: path.join(artifacts, `attachments-board-${test.info().project.name}.png`) });

  const downloaded = await downloadFrom(bob.page, atBob);
  expect(downloaded.name).toBe('layout.png');
  expect(downloaded.bytes.equals(png)).toBe(true);
  const fileUrl = (await atBob.getByTestId('chat-attachment-download').getAttribute('href'))!;

  // Alice deletes it with the keyboard: the action, then its confirmation (which takes the focus).
  const atAlice = messageWith(alice.page, 'The layout so far');
  await atAlice.getByTestId('chat-delete').focus();
  await alice.page.keyboard.press('Enter');
  await expect(atAlice.getByTestId('chat-delete-confirm')).toBeFocused();
  await alice.page.keyboard.press('Enter');

  await expect(atAlice).toHaveCount(0);
  await expect(atBob).toHaveCount(0, LIVE);
  // Its file went with it.
  expect((await bob.context.request.get(fileUrl)).status()).toBe(404);
});

test('an image in an encrypted conversation: encrypted before upload, its thumbnail decrypted for the other participant', async ({
  people,
}) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  // Bob's browser publishes its device first, so Alice's can wrap the conversation key for it.
  await bob.page.goto('/conversations');
  await expectLive(bob.page);
  const conversation = await startConversation(alice, [bob.username], true);
  expect(conversation.encrypted).toBe(true);
  await alice.page.goto(`/conversations/${conversation.id}`);
  await expectLive(alice.page);
  await bob.page.goto(`/conversations/${conversation.id}`);
  await expectLive(bob.page);
  const png = await pngOf(alice.page);

  const uploads: Array<{ encrypted: string | null; body: Buffer }> = [];
  alice.page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/api/attachments?')) {
      uploads.push({ encrypted: new URL(request.url()).searchParams.get('encrypted'), body: request.postDataBuffer() ?? Buffer.alloc(0) });
    }
  });
  await sendFile(alice.page, { name: 'holiday.png', mimeType: 'image/png', buffer: png }, 'From the trip');

  // The file and the thumbnail made in Alice's browser, neither readable by the server.
  expect(uploads).toHaveLength(2);
  for (const { encrypted, body } of uploads) {
    expect(encrypted).toBe('true');
    expect(body.includes('holiday.png')).toBe(false);
    expect(body.includes(png.subarray(0, 64))).toBe(false);
  }

  const atBob = messageWith(bob.page, 'From the trip');
  const thumbnail = atBob.getByTestId('chat-thumbnail');
  await expect(thumbnail).toBeVisible({ timeout: 5_000 });
  await expect(thumbnail).toHaveAttribute('alt', 'holiday.png');
  await expect(thumbnail).toHaveAttribute('src', /^blob:/);
  await expectLoaded(thumbnail);
  await bob.page.screenshot({ path: path.join(artifacts, `attachments-encrypted-${test.info().project.name}.png`) });

  const downloaded = await downloadFrom(bob.page, atBob);
  expect(downloaded.name).toBe('holiday.png');
  expect(downloaded.bytes.equals(png)).toBe(true);
});
