import { chatMessages, chatTexts, postBoardMessage, sendChat } from './chat-helpers';
import { connectionState, createBoard, expect, expectLive, openBoard, test } from './fixtures';

/** What one member says, the other must see within a second. */
const LIVE = { timeout: 1_000 };

test('two members chat beside the board: history, live messages both ways, and who is typing', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Launch', [bob]);
  await postBoardMessage(alice, board.id, 'Welcome to the launch board');

  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  for (const person of [alice, bob]) {
    await expect(person.page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'false');
    await expect(chatTexts(person.page)).toHaveText(['Welcome to the launch board']);
  }

  // Bob types: Alice sees it under her input, then his message replaces the notice.
  await bob.page.getByTestId('chat-input').pressSequentially('Morning! Ready?', { delay: 20 });
  await expect(alice.page.getByTestId('typing-indicator')).toHaveText('Bob is typing…', LIVE);
  await bob.page.getByTestId('chat-input').press('Enter');
  await expect(chatTexts(alice.page).last()).toHaveText('Morning! Ready?', LIVE);
  await expect(alice.page.getByTestId('typing-indicator')).toHaveCount(0);

  await sendChat(alice.page, 'Ready. Notes are up.');
  await expect(chatTexts(bob.page).last()).toHaveText('Ready. Notes are up.', LIVE);

  const expected = ['Welcome to the launch board', 'Morning! Ready?', 'Ready. Notes are up.'];
  await expect(chatTexts(alice.page)).toHaveText(expected);
  await expect(chatTexts(bob.page)).toHaveText(expected);
  await expect(alice.page.locator('[data-testid="chat-message"][data-pending]')).toHaveCount(0);
  // Text is text: markup in a message is shown, never run.
  await sendChat(bob.page, '<b>not bold</b>');
  await expect(alice.page.getByTestId('chat-content').last()).toHaveText('<b>not bold</b>', LIVE);
  await expect(alice.page.getByTestId('chat-content').last().locator('b')).toHaveCount(0);
});

test('a collapsed panel counts unread messages and stays collapsed after a reload', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Ops', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  await bob.page.getByTestId('chat-toggle').click();
  await expect(bob.page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'true');
  await sendChat(alice.page, 'Deploy at 3?');
  await sendChat(alice.page, 'Or 4?');
  await expect(bob.page.getByTestId('chat-unread')).toHaveText('2', LIVE);

  await bob.page.reload();
  await expectLive(bob.page);
  await expect(bob.page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'true');
  await expect(bob.page.getByTestId('chat-unread')).toHaveText('2');

  await bob.page.getByTestId('chat-toggle').click();
  await expect(chatTexts(bob.page)).toHaveText(['Deploy at 3?', 'Or 4?']);
  await expect(bob.page.getByTestId('chat-toggle')).toHaveAttribute('aria-expanded', 'true');
  await bob.page.getByTestId('chat-toggle').click();
  await expect(bob.page.getByTestId('chat-toggle')).toHaveAttribute('aria-expanded', 'false');
  await expect(bob.page.getByTestId('chat-unread')).toHaveCount(0);
});

test('a send the server could not take (503) stays pending and arrives by itself, once', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Flaky', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  let refused = 0;
  await alice.page.route(`**/api/boards/${board.id}/messages`, async (route) => {
    if (route.request().method() === 'POST' && refused === 0) {
      refused += 1;
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '1' },
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'Try again shortly' }),
      });
      return;
    }
    await route.fallback();
  });

  await alice.page.getByTestId('chat-input').fill('Will this arrive?');
  await alice.page.getByTestId('chat-send').click();
  const sent = chatMessages(alice.page).filter({ hasText: 'Will this arrive?' });
  await expect(sent).toHaveAttribute('data-pending', 'true');
  await expect(sent).not.toHaveAttribute('data-failed', 'true');

  // The outbox sends it again after Retry-After, with the same idempotency key.
  await expect(sent).toHaveAttribute('data-message-id', /^\d+-\d+$/, { timeout: 5_000 });
  await expect(sent).not.toHaveAttribute('data-pending', 'true');
  await expect(chatTexts(bob.page)).toHaveText(['Will this arrive?'], LIVE);
  await expect(chatTexts(alice.page)).toHaveText(['Will this arrive?']);
  expect(refused).toBe(1);
});

test('a send the server refused stays in the list and is sent by Retry', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Refused', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);

  let refused = false;
  await alice.page.route(`**/api/boards/${board.id}/messages`, async (route) => {
    if (route.request().method() === 'POST' && !refused) {
      refused = true;
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: ['content was refused'] }),
      });
      return;
    }
    await route.fallback();
  });

  await alice.page.getByTestId('chat-input').fill('Will this arrive?');
  await alice.page.getByTestId('chat-send').click();
  const failed = chatMessages(alice.page).filter({ hasText: 'Will this arrive?' });
  await expect(failed).toHaveAttribute('data-failed', 'true');
  await expect(failed).toContainText('Not sent: Check what you entered and try again.');
  await expect(chatTexts(bob.page)).toHaveCount(0);

  await failed.getByTestId('chat-retry').click();
  await expect(failed).toHaveAttribute('data-message-id', /^\d+-\d+$/);
  await expect(failed).not.toHaveAttribute('data-failed', 'true');
  await expect(chatTexts(bob.page)).toHaveText(['Will this arrive?'], LIVE);
  await expect(chatTexts(alice.page)).toHaveText(['Will this arrive?']);
});

test('an @mention is suggested while typing and lights up the member’s bell', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Design review', [bob]);
  await bob.page.goto('/boards');
  await expectLive(bob.page);
  // Being added to the board was the first notification.
  await expect(bob.page.getByTestId('notification-count')).toHaveText('1');

  await openBoard(alice, board.id);
  const input = alice.page.getByTestId('chat-input');
  await input.pressSequentially(`Can you check this, @${bob.username.slice(0, 3)}`);
  const suggestion = alice.page.getByTestId('mention-suggestion');
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toContainText(`@${bob.username}`);
  await input.press('Tab');
  await expect(input).toHaveValue(`Can you check this, @${bob.username} `);
  await input.pressSequentially('please?');
  await input.press('Enter');
  const sent = chatMessages(alice.page).last();
  await expect(sent).toHaveAttribute('data-message-id', /^\d+-\d+$/);
  await expect(sent.locator('.mention')).toHaveText(`@${bob.username}`);

  await expect(bob.page.getByTestId('notification-count')).toHaveText('2', LIVE);
  await bob.page.getByTestId('notification-bell').click();
  const item = bob.page.getByTestId('notification-item');
  await expect(item).toHaveCount(2); // the mention, and the invitation to the board
  await expect(item.first()).toContainText('Alice mentioned you in a board chat');
  await expect(item.first()).toContainText(`Can you check this, @${bob.username} please?`);

  await item.first().click();
  await expect(bob.page).toHaveURL(new RegExp(`/boards/${board.id}\\?chat=open&message=`));
  await expect(bob.page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'false');
  await expect(chatTexts(bob.page)).toHaveText([`Can you check this, @${bob.username} please?`]);
  await expect(bob.page.locator('.mention.me')).toHaveText(`@${bob.username}`);
  // Opening one leaves the invitation unread; "mark all read" clears the rest.
  await expect(bob.page.getByTestId('notification-count')).toHaveText('1');
  await bob.page.getByTestId('notification-bell').click();
  await bob.page.getByTestId('notification-mark-all').click();
  await expect(bob.page.getByTestId('notification-count')).toHaveCount(0);
});

test('messages sent while a member was offline arrive once each, in order, when they are back', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Road trip', [bob]);
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  await sendChat(alice.page, 'Before the tunnel');
  await expect(chatTexts(bob.page)).toHaveText(['Before the tunnel'], LIVE);
  await bob.page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await bob.context.setOffline(true);
  await expect(connectionState(bob.page)).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
  const missed = ['One', 'Two', 'Three', 'Four', 'Five'];
  for (const text of missed) {
    await sendChat(alice.page, text);
  }
  await expect(chatTexts(bob.page)).toHaveText(['Before the tunnel']);

  await bob.context.setOffline(false);
  await expectLive(bob.page);
  const all = ['Before the tunnel', ...missed];
  await expect(chatTexts(bob.page)).toHaveText(all);
  // Replay and catch-up both delivered them: still exactly once each.
  await sendChat(bob.page, 'Back!');
  await expect(chatTexts(bob.page)).toHaveText([...all, 'Back!']);
  await expect(chatTexts(alice.page)).toHaveText([...all, 'Back!'], LIVE);
  expect(await bob.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('scrolling up loads older messages above, keeping the reader’s place', async ({ people }) => {
  const alice = await people.join('Alice');
  const others = [];
  for (const name of ['Bob', 'Carol', 'Dan', 'Erin', 'Frank']) {
    others.push(await people.join(name, 'peer'));
  }
  const board = await createBoard(alice, 'Long thread', others);
  const authors = [alice, ...others];
  // 54 messages, at most 9 per person (the chat limit is 10 per 10 s each).
  const total = 54;
  for (let i = 1; i <= total; i++) {
    await postBoardMessage(authors[i % authors.length], board.id, `Message ${i}`);
  }

  await openBoard(alice, board.id);
  const texts = chatTexts(alice.page);
  await expect(texts).toHaveCount(50);
  await expect(texts.first()).toHaveText('Message 5');
  await expect(texts.last()).toHaveText(`Message ${total}`);
  await expect(texts.last()).toBeInViewport();

  // Hold the older page until the place before it is measured.
  let release!: () => void;
  const measured = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await alice.page.route(/\/messages\?.*before=/, async (route) => {
    asked = true;
    await measured;
    await route.fallback();
  });
  const anchor = chatMessages(alice.page).filter({ has: alice.page.getByTestId('chat-content').getByText('Message 5', { exact: true }) });
  await alice.page.getByTestId('chat-messages').evaluate((element) => element.scrollTo({ top: 0 }));
  await expect.poll(() => asked).toBe(true);
  const before = (await anchor.boundingBox())!.y;
  release();
  await expect(texts).toHaveCount(total);
  await expect(texts.first()).toHaveText('Message 1');
  await expect(alice.page.getByText('This is where the conversation begins.')).toBeAttached();
  // The message that was on top stays where it was; the older ones went in above it.
  expect(Math.abs((await anchor.boundingBox())!.y - before)).toBeLessThan(60);
});
