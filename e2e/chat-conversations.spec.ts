import { chatTexts, postConversationMessage, sendChat, startConversation } from './chat-helpers';
import { expect, expectLive, test } from './fixtures';

const LIVE = { timeout: 1_000 };

test('a direct conversation: started by username, listed live with unread badges, messages both ways', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');

  await bob.page.goto('/conversations');
  await expect(bob.page.getByTestId('conversations-empty')).toBeVisible();
  await expectLive(bob.page);

  await alice.page.goto('/conversations');
  await expect(alice.page.getByTestId('conversations-empty')).toBeVisible();
  await alice.page.getByTestId('new-conversation-input').fill(`@${bob.username}`);
  await alice.page.getByTestId('new-conversation-submit').click();
  await expect(alice.page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  await expect(alice.page.getByTestId('conversation-heading')).toHaveText('Bob');
  await expectLive(alice.page);

  // Bob's list shows the new conversation without a reload…
  const item = bob.page.getByTestId('conversation-item');
  await expect(item).toHaveCount(1, LIVE);
  await expect(item.getByTestId('conversation-title')).toHaveText('Alice');

  // …and Alice's messages as they come, with the unread count.
  await sendChat(alice.page, 'Hi Bob!');
  await sendChat(alice.page, 'Lunch today?');
  await expect(item.getByTestId('conversation-preview')).toHaveText('Lunch today?', LIVE);
  await expect(item.getByTestId('conversation-unread')).toHaveText('2');
  await expect(bob.page.getByTestId('conversations-unread')).toHaveText('2');
  await expect(alice.page.getByTestId('conversation-item').getByTestId('conversation-preview')).toHaveText('You: Lunch today?');

  await item.click();
  await expect(chatTexts(bob.page)).toHaveText(['Hi Bob!', 'Lunch today?']);
  await expect(item.getByTestId('conversation-unread')).toHaveCount(0);
  await expect(bob.page.getByTestId('conversations-unread')).toHaveCount(0);

  await bob.page.getByTestId('chat-input').pressSequentially('Sure', { delay: 20 });
  await expect(alice.page.getByTestId('typing-indicator')).toHaveText('Bob is typing…', LIVE);
  await bob.page.getByTestId('chat-input').press('Enter');
  await expect(chatTexts(alice.page)).toHaveText(['Hi Bob!', 'Lunch today?', 'Sure'], LIVE);
  await expect(alice.page.getByTestId('conversation-item').getByTestId('conversation-preview')).toHaveText('Sure');
  // Alice is reading it: no badge for her.
  await expect(alice.page.getByTestId('conversation-unread')).toHaveCount(0);

  // Starting it again opens the same conversation.
  await bob.page.getByTestId('new-conversation-input').fill(alice.username);
  await bob.page.getByTestId('new-conversation-submit').click();
  await expect(bob.page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(chatTexts(bob.page)).toHaveText(['Hi Bob!', 'Lunch today?', 'Sure']);
});

test('opening a conversation adds its channel to the stream, so nothing posted around the switch is missed', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const conversation = await startConversation(alice, [bob.username]);
  for (const text of ['first', 'second']) {
    await postConversationMessage(alice, conversation.id, text);
  }

  await bob.page.goto(`/conversations/${conversation.id}`);
  await expect(chatTexts(bob.page)).toHaveText(['first', 'second']);
  await postConversationMessage(alice, conversation.id, 'third');
  await expect(chatTexts(bob.page)).toHaveText(['first', 'second', 'third'], LIVE);
  await expectLive(bob.page);
  await postConversationMessage(alice, conversation.id, 'fourth');
  await expect(chatTexts(bob.page)).toHaveText(['first', 'second', 'third', 'fourth'], LIVE);
});

test('a conversation one is not in is refused with a clear message', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob');
  const carol = await people.join('Carol', 'peer');
  const conversation = await startConversation(alice, [bob.username]);

  await carol.page.goto(`/conversations/${conversation.id}`);
  await expect(carol.page.getByTestId('conversation-error')).toContainText('does not exist, or you are not in it');
  await expectLive(carol.page);
});
