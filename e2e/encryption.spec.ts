import { readFileSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from '@playwright/test';
import Redis from 'ioredis';

import type { Device } from '../contracts/encryption';
import type { Conversation } from '../contracts/chat';
import { chatTexts, sendChat } from './chat-helpers';
import { clusterLogFile, clusterPorts } from './cluster-ports';
import { type Person, apiCall, expect, expectLive, password, test } from './fixtures';

/** Key requests are answered after a random pause of up to 1.5 s, then fetched and decrypted. */
const KEY_ARRIVES = { timeout: 15_000 };

/** Another browser of the same person: its own profile, so its own device. */
async function secondDevice(browser: Browser, person: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: person.baseURL, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  const login = await context.request.post('/api/auth/login', { data: { username: person.username, password } });
  expect(login.status(), await login.text()).toBe(200);
  return { context, page: await context.newPage() };
}

async function devicesOf(person: Person, userId: string): Promise<Device[]> {
  return (await (await person.context.request.get(`/api/users/${userId}/devices`)).json()) as Device[];
}

async function openConversation(page: Page, conversationId: string): Promise<void> {
  await page.goto(`/conversations/${conversationId}`);
  await expect(page.getByTestId('conversation-heading')).toBeVisible();
  await expectLive(page);
}

/** Every value in Redis as text: strings, hashes, lists, sets, sorted sets and streams. */
async function redisContents(): Promise<string> {
  const redis = new Redis({ port: clusterPorts.redisPort, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, 0, -1)
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        parts.push(key, JSON.stringify(value));
      }
    } while (cursor !== '0');
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

test('an encrypted conversation: both of Alice’s devices and Bob read it, Bob’s new device after its key request, and the server never sees the text', async ({
  people,
  browser,
}, testInfo) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const other = await secondDevice(browser, alice);
  let bobsLaptop: { context: BrowserContext; page: Page } | undefined;
  const run = Math.random().toString(36).slice(2, 8);
  const first = `The door code is 4711-${run}`;
  const second = `Bring the blue folder ${run}`;
  try {
    // Asked for explicitly: the setup helper makes unencrypted conversations, so other tests can post plain text.
    const conversation = (await (
      await apiCall(alice, 'POST', '/api/conversations', { usernames: [bob.username], encrypted: true })
    ).json()) as Conversation;
    expect(conversation.encrypted).toBe(true);

    // Each browser makes and publishes its device when the app starts signed in.
    await openConversation(alice.page, conversation.id);
    await openConversation(other.page, conversation.id);
    await openConversation(bob.page, conversation.id);
    await expect.poll(async () => (await devicesOf(alice, alice.id)).length).toBe(2);
    await expect.poll(async () => (await devicesOf(alice, bob.id)).length).toBe(1);

    // The lock shows in the header and in the list.
    await expect(alice.page.locator('.room-header').getByTestId('encrypted-badge')).toBeVisible();
    await expect(
      alice.page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversation.id}"]`).getByTestId('encrypted-badge'),
    ).toBeVisible();

    await sendChat(alice.page, first);
    await expect(chatTexts(bob.page).filter({ hasText: first })).toBeVisible();
    await expect(chatTexts(other.page).filter({ hasText: first })).toBeVisible();

    // Bob's safety number dialog shows Alice's two devices, and can be marked verified.
    await bob.page.getByTestId('safety-open').click();
    const dialog = bob.page.getByRole('dialog', { name: 'Safety numbers' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('safety-number')).toHaveText(/^(\s*\d{5}){12}\s*$/);
    await expect(dialog).toContainText('2 devices');
    await expect(dialog.getByTestId('safety-close')).toBeFocused();
    await dialog.getByTestId('safety-verified').check();
    await dialog.getByTestId('safety-close').click();
    await expect(dialog).toBeHidden();
    await expect(bob.page.getByTestId('safety-open')).toBeFocused();

    // Bob signs in on a new device: Alice is warned that his keys changed.
    bobsLaptop = await secondDevice(browser, bob);
    await openConversation(bobsLaptop.page, conversation.id);
    await expect.poll(async () => (await devicesOf(alice, bob.id)).length).toBe(2);
    await expect(alice.page.getByTestId('key-change-banner')).toContainText('Bob');

    // New messages reach the new device once its key request is answered; the old one too.
    await sendChat(alice.page, second);
    await expect(chatTexts(bobsLaptop.page).filter({ hasText: second })).toBeVisible(KEY_ARRIVES);
    await expect(chatTexts(bobsLaptop.page).filter({ hasText: first })).toBeVisible(KEY_ARRIVES);
    await expect(bobsLaptop.page.locator('[data-sealed]')).toHaveCount(0);
    await expect(chatTexts(bob.page).filter({ hasText: second })).toBeVisible();

    // The conversation list previews the decrypted text.
    await bob.page.goto('/conversations');
    await expect(bob.page.getByTestId('conversation-preview').first()).toHaveText(second);
    // The reload kept the browser's device (its private keys stay in IndexedDB): no new device was made.
    expect((await devicesOf(alice, bob.id)).length).toBe(2);

    // What the server holds and logs is ciphertext only.
    const messages: unknown = await (await alice.context.request.get(`/api/conversations/${conversation.id}/messages`)).json();
    expect(JSON.stringify(messages)).not.toContain(run);
    if (testInfo.project.name === 'redis') {
      const stored = await redisContents();
      expect(stored).toContain(conversation.id);
      expect(stored).not.toContain(run);
      const logged = readFileSync(clusterLogFile, 'utf8');
      expect(logged).toMatch(/^\[pod1\] /m); // the pods' output is there, at production's level (info: every request)
      expect(logged).toContain(`/api/conversations/${conversation.id}/messages`); // the sends themselves were logged
      expect(logged).not.toContain(run);
    }
  } finally {
    await other.context.close();
    await bobsLaptop?.context.close();
  }
});

test('a removed device’s messages stay readable: Bob still reads what Alice’s second device wrote, after a reload', async ({
  people,
  browser,
}) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const other = await secondDevice(browser, alice);
  const run = Math.random().toString(36).slice(2, 8);
  const before = `Written on the old laptop ${run}`;
  const after = `After the laptop was removed ${run}`;
  try {
    const conversation = (await (
      await apiCall(alice, 'POST', '/api/conversations', { usernames: [bob.username], encrypted: true })
    ).json()) as Conversation;
    await openConversation(alice.page, conversation.id);
    await expect.poll(async () => (await devicesOf(alice, alice.id)).length).toBe(1);
    const [mine] = await devicesOf(alice, alice.id);
    await openConversation(other.page, conversation.id);
    await openConversation(bob.page, conversation.id);
    await expect.poll(async () => (await devicesOf(alice, alice.id)).length).toBe(2);
    await expect.poll(async () => (await devicesOf(alice, bob.id)).length).toBe(1);
    const laptop = (await devicesOf(alice, alice.id)).find((device) => device.id !== mine.id)!;

    // The laptop writes first: it makes the conversation's key, wraps it for every device and signs the message.
    await sendChat(other.page, before);
    await expect(chatTexts(bob.page).filter({ hasText: before })).toBeVisible();
    await expect(chatTexts(alice.page).filter({ hasText: before })).toBeVisible();

    await apiCall(alice, 'DELETE', `/api/keys/devices/${laptop.id}`);
    await other.context.close();
    expect((await devicesOf(bob, alice.id)).map((device) => device.id)).toEqual([mine.id]);

    // After a reload, Bob and Alice's remaining device verify and unwrap with the retired laptop's keys.
    await openConversation(bob.page, conversation.id);
    await expect(chatTexts(bob.page).filter({ hasText: before })).toBeVisible();
    await expect(bob.page.locator('[data-sealed]')).toHaveCount(0);
    await openConversation(alice.page, conversation.id);
    await expect(chatTexts(alice.page).filter({ hasText: before })).toBeVisible();

    // The next message needs a new key, for current devices only: it still reaches Bob.
    await sendChat(alice.page, after);
    await expect(chatTexts(bob.page).filter({ hasText: after })).toBeVisible();
    await expect(bob.page.locator('[data-sealed]')).toHaveCount(0);
  } finally {
    await other.context.close();
  }
});
