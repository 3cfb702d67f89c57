import type { Locator, Page } from '@playwright/test';

import type { ChatMessage, Conversation } from '../contracts/chat';
import { type Person, apiCall, expect } from './fixtures';

export function chatMessages(page: Page): Locator {
  return page.getByTestId('chat-message');
}

/** The texts of the shown messages, oldest first. */
export function chatTexts(page: Page): Locator {
  return page.getByTestId('chat-content');
}

/** Types a message into the composer, sends it with Enter and waits until the server took it. */
export async function sendChat(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('chat-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  const sent = chatMessages(page).filter({ has: page.getByTestId('chat-content').getByText(text, { exact: true }) });
  await expect(sent.last()).toHaveAttribute('data-message-id', /^\d+-\d+$/);
}

/** A message posted from outside the UI (setup). */
export async function postBoardMessage(person: Person, boardId: string, content: string): Promise<ChatMessage> {
  return (await (await apiCall(person, 'POST', `/api/boards/${boardId}/messages`, { content })).json()) as ChatMessage;
}

/** Setup from outside the UI: unencrypted unless asked, so the test can post plain text to it (e2e/encryption.spec.ts covers encrypted ones). */
export async function startConversation(person: Person, usernames: string[], encrypted = false): Promise<Conversation> {
  return (await (await apiCall(person, 'POST', '/api/conversations', { usernames, encrypted })).json()) as Conversation;
}

export async function postConversationMessage(person: Person, conversationId: string, content: string): Promise<ChatMessage> {
  return (await (await apiCall(person, 'POST', `/api/conversations/${conversationId}/messages`, { content })).json()) as ChatMessage;
}
