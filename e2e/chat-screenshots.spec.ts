import path from 'node:path';

import type { Page } from '@playwright/test';

import { chatTexts, postBoardMessage, postConversationMessage, startConversation } from './chat-helpers';
import { createBoard, createNote, expect, expectLive, openBoard, test } from './fixtures';

const artifacts = path.join(__dirname, 'artifacts');

async function noHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test('screenshots of the board with its chat, the bell, and conversations at 1280 and 375 px', async ({ people }, testInfo) => {
  const suffix = testInfo.project.name === 'memory' ? '' : `-${testInfo.project.name}`;
  const shot = (name: string): string => path.join(artifacts, `${name}${suffix}.png`);
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const carol = await people.join('Carol');
  const board = await createBoard(alice, 'Q3 planning', [bob, carol]);
  for (const [text, x, y, color] of [
    ['Ship the new onboarding flow', 60, 50, 'yellow'],
    ['Interview 5 customers about exports', 300, 90, 'blue'],
    ['Budget review with finance — Thu 10:00', 120, 300, 'green'],
    ['Retro every other Friday', 420, 320, 'pink'],
  ] as const) {
    await createNote(alice, board.id, { text, x, y, color });
  }
  const chat = [
    [alice, 'Morning all — the agenda for Thursday is on the board.'],
    [bob, 'Thanks! I added the customer interview notes.'],
    [carol, 'Budget numbers are in the finance folder.'],
    [alice, `@${bob.username} could you take the export interviews?`],
    [bob, 'On it. Should be done by Friday.'],
    [bob, 'Also: dark mode keeps coming up in interviews.\nShall we put it on the roadmap?'],
    [alice, `Yes — Q4. @${carol.username} can you size it?`],
  ] as const;
  for (const [who, content] of chat) {
    await postBoardMessage(who, board.id, content);
  }

  await openBoard(alice, board.id);
  await expect(chatTexts(alice.page)).toHaveCount(chat.length);
  await openBoard(bob, board.id);
  await bob.page.getByTestId('chat-input').pressSequentially('Sounds good', { delay: 15 });
  await expect(alice.page.getByTestId('typing-indicator')).toHaveText('Bob is typing…');
  await alice.page.mouse.move(5, 790);
  await alice.page.screenshot({ path: shot('chat-board') });

  await alice.page.getByTestId('chat-input').pressSequentially('Thanks @ca');
  await expect(alice.page.getByTestId('mention-suggestion')).toHaveCount(1);
  await alice.page.screenshot({ path: shot('chat-mention') });
  await alice.page.getByTestId('chat-input').fill('');

  // Bob's bell: the invitation and the mention.
  await expect(bob.page.getByTestId('notification-count')).toHaveText('2');
  await bob.page.getByTestId('notification-bell').click();
  await expect(bob.page.getByTestId('notification-item')).toHaveCount(2);
  await bob.page.screenshot({ path: shot('notifications') });
  await bob.page.keyboard.press('Escape');

  // Phones: the chat is a button over the board, and covers it when open.
  await carol.page.setViewportSize({ width: 375, height: 740 });
  await openBoard(carol, board.id);
  await expect(carol.page.getByTestId('chat-panel')).toHaveAttribute('data-collapsed', 'true');
  await noHorizontalScroll(carol.page);
  await carol.page.screenshot({ path: shot('chat-board-375') });
  await carol.page.getByTestId('chat-toggle').click();
  await expect(chatTexts(carol.page)).toHaveCount(chat.length);
  await noHorizontalScroll(carol.page);
  await carol.page.screenshot({ path: shot('chat-board-375-open') });
  await carol.page.getByTestId('notification-bell').click();
  await noHorizontalScroll(carol.page);
  await carol.page.screenshot({ path: shot('notifications-375') });
  await carol.page.keyboard.press('Escape');

  // Conversations: one direct, one group.
  const direct = await startConversation(alice, [bob.username]);
  const group = await startConversation(carol, [alice.username, bob.username]);
  for (const [who, id, content] of [
    [alice, direct.id, 'Do you have the interview recordings?'],
    [bob, direct.id, 'Yes, uploading them now.'],
    [bob, direct.id, 'Should take ten minutes.'],
    [alice, direct.id, 'Perfect, thanks!'],
    [carol, group.id, 'Lunch on Thursday after the review?'],
    [bob, group.id, 'I’m in.'],
  ] as const) {
    await postConversationMessage(who, id, content);
  }
  await alice.page.goto(`/conversations/${direct.id}`);
  await expect(chatTexts(alice.page)).toHaveCount(4);
  await expect(alice.page.getByTestId('conversation-item')).toHaveCount(2);
  await expectLive(alice.page);
  await alice.page.screenshot({ path: shot('conversations') });

  await alice.page.setViewportSize({ width: 375, height: 740 });
  await alice.page.goto('/conversations');
  await expect(alice.page.getByTestId('conversation-item')).toHaveCount(2);
  await noHorizontalScroll(alice.page);
  await alice.page.screenshot({ path: shot('conversations-375') });
  await alice.page.getByTestId('conversation-item').first().click();
  await expect(chatTexts(alice.page)).toHaveCount(2);
  await noHorizontalScroll(alice.page);
  await alice.page.screenshot({ path: shot('conversation-375') });
});
