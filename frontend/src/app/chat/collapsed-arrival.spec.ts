import { describe, expect, it } from 'vitest';

import type { ChatMessage } from '@contracts/chat';

import { collapsedArrival } from './collapsed-arrival';

const message = (changes: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm1',
  roomId: 'board:b1',
  userId: 'u2',
  content: 'hello',
  createdAt: '2026-12-03T10:00:00.000Z',
  ...changes,
});
const names = new Map([['u2', 'Ben']]);

describe('collapsedArrival', () => {
  it('reads a message in the collapsed board chat with its author and where it is', () => {
    expect(collapsedArrival(message(), true, names)).toEqual({ author: 'Ben', text: 'hello', where: 'boardChat' });
  });

  it('stays silent while the chat is open: the room reads it there', () => {
    expect(collapsedArrival(message(), false, names)).toBeNull();
  });

  it('leaves an unknown author and a message without text to the wording', () => {
    expect(collapsedArrival(message({ userId: 'u9', content: undefined }), true, names)).toEqual({
      author: '',
      text: '',
      where: 'boardChat',
    });
  });
});
