import { describe, expect, it } from 'vitest';

import { boardChannel } from '@contracts/channels';
import type { ChatMessage, MessagePage } from '@contracts/chat';

import {
  CLOSED_CHAT,
  type ChatState,
  type LocalMessage,
  acceptMessage,
  catchUpSince,
  failedDiscarded,
  followedRoom,
  heldNewest,
  historyReplaced,
  localFailed,
  localSent,
  markerAdvanced,
  mergeMessages,
  messageDeleted,
  newestByOthers,
  newestPageLoaded,
  olderPageLoaded,
  openedRoom,
  reaches,
  streamSkipped,
  streamWentDown,
  unreadCount,
} from './chat-state';

const ROOM = boardChannel('b1');

function message(id: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return { id, roomId: ROOM, userId: 'u2', content: `message ${id}`, createdAt: '2026-01-01T10:00:00.000Z', ...changes };
}

/** Newest first, as the server sends it. */
function page(ids: string[], nextBefore: string | null = null): MessagePage {
  return { messages: ids.map((id) => message(id)).reverse(), nextBefore };
}

function local(clientId: string, state: LocalMessage['state'] = 'pending'): LocalMessage {
  return { clientId, content: 'hi', createdAt: '2026-01-01T10:00:00.000Z', state, error: null };
}

const ids = (state: ChatState): string[] => state.confirmed.map((held) => held.id);
const opened = (): ChatState => openedRoom(ROOM, null, true);

describe('chat state', () => {
  it('follows a room from opening until it is closed, and keeps the room for starting over', () => {
    const state = opened();
    expect(state.status).toBe('loading');
    expect(followedRoom(state)).toBe(ROOM);
    const closed = { ...state, following: false };
    expect(followedRoom(closed)).toBeNull();
    expect(closed.room).toBe(ROOM);
    expect(followedRoom(CLOSED_CHAT)).toBeNull();
  });

  it('merges messages once each, in id order (not string order)', () => {
    let state = mergeMessages(opened(), [message('9-0'), message('10-0')]);
    state = mergeMessages(state, [message('10-0'), message('2-0'), message('9-1')]);
    expect(ids(state)).toEqual(['2-0', '9-0', '9-1', '10-0']);
  });

  it('returns the same state when nothing is new', () => {
    const state = mergeMessages(opened(), [message('1-0')]);
    expect(mergeMessages(state, [message('1-0')])).toBe(state);
  });

  it('replaces our pending copy when the stored message arrives', () => {
    let state = localSent(opened(), local('c1'));
    state = localSent(state, local('c2'));
    state = acceptMessage(state, message('5-0', { clientId: 'c1', userId: 'u1' }));
    expect(state.local.map((held) => held.clientId)).toEqual(['c2']);
    expect(ids(state)).toEqual(['5-0']);
  });

  it('marks a send failed, unless its echo already replaced it', () => {
    const sent = localSent(opened(), local('c1'));
    expect(localFailed(sent, 'c1', 'Sending too fast.').local[0]).toEqual(
      expect.objectContaining({ state: 'failed', error: 'Sending too fast.' }),
    );
    const echoed = acceptMessage(sent, message('5-0', { clientId: 'c1' }));
    expect(localFailed(echoed, 'c1', 'Sending too fast.')).toBe(echoed);
  });

  it('discards only failed messages', () => {
    const state = localSent(localSent(opened(), local('c1', 'failed')), local('c2'));
    expect(failedDiscarded(state, 'local:c1').local.map((held) => held.clientId)).toEqual(['c2']);
    expect(failedDiscarded(state, 'local:c2').local).toHaveLength(2);
  });

  it('takes where older history continues from the first newest page only', () => {
    const first = newestPageLoaded(opened(), page(['3-0', '4-0'], '3-0'));
    expect(first).toEqual(expect.objectContaining({ historyLoaded: true, historyNewest: '4-0', olderCursor: '3-0' }));
    const again = newestPageLoaded(first, page(['4-0', '5-0'], '4-0'));
    expect(again.olderCursor).toBe('3-0');
    expect(ids(olderPageLoaded(again, page(['1-0', '2-0'])))).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
    expect(olderPageLoaded(again, page(['1-0', '2-0'])).olderCursor).toBeNull();
  });

  it('marks an empty room as loaded from its start', () => {
    const state = newestPageLoaded(opened(), page([]));
    expect(heldNewest(state)).toBe('0-0');
    expect(heldNewest(opened())).toBeNull();
  });

  it('remembers where a gap began when the stream goes down, once', () => {
    let state = newestPageLoaded(opened(), page(['1-0', '2-0']));
    state = streamWentDown(state);
    expect(state).toEqual(expect.objectContaining({ streamDown: true, gapAfter: '2-0' }));
    state = streamWentDown(mergeMessages(state, [message('3-0')]));
    expect(catchUpSince(state)).toBe('2-0');
    expect(catchUpSince(streamSkipped(state))).toBe('3-0');
  });

  it('catches up from the first page when the gap began before it', () => {
    expect(catchUpSince(newestPageLoaded(opened(), page(['1-0', '2-0'])))).toBe('2-0');
  });

  it('knows whether a page reaches back to what was held', () => {
    expect(reaches(page(['3-0', '4-0'], '3-0'), '2-0')).toBe(false);
    expect(reaches(page(['2-0', '3-0'], '2-0'), '2-0')).toBe(true);
    expect(reaches(page(['3-0'], null), '1-0')).toBe(true);
    expect(reaches(page(['3-0'], '3-0'), null)).toBe(false);
  });

  it('replaces a history with a hole, keeping live messages newer than the new pages', () => {
    const held = mergeMessages(opened(), [message('1-0'), message('9-0')]);
    const replaced = historyReplaced(held, page(['5-0', '6-0']).messages, '5-0');
    expect(ids(replaced)).toEqual(['5-0', '6-0', '9-0']);
    expect(replaced.olderCursor).toBe('5-0');
  });

  it('moves the read marker forward only', () => {
    const state = markerAdvanced(opened(), '5-0');
    expect(state.marker).toBe('5-0');
    expect(markerAdvanced(state, '4-0')).toBe(state);
  });

  it('counts unread messages by others after the marker', () => {
    const confirmed = [message('1-0'), message('2-0', { userId: 'u1' }), message('3-0'), message('4-0')];
    expect(unreadCount(confirmed, '1-0', 'u1')).toBe(2);
    expect(unreadCount(confirmed, null, 'u1')).toBe(3);
    expect(unreadCount(confirmed, '4-0', 'u1')).toBe(0);
  });

  it('finds the newest message by someone else', () => {
    const confirmed = [message('1-0'), message('2-0', { userId: 'u1' })];
    expect(newestByOthers(confirmed, 'u1')?.id).toBe('1-0');
    expect(newestByOthers([message('2-0', { userId: 'u1' })], 'u1')).toBeUndefined();
  });

  it('removes a deleted message, and a page read before the deletion does not bring it back', () => {
    const loaded = newestPageLoaded(openedRoom(ROOM, null, true), page(['1-0', '2-0', '3-0']));
    const deleted = messageDeleted(loaded, '2-0');
    expect(deleted.confirmed.map((m) => m.id)).toEqual(['1-0', '3-0']);
    const stalePage = newestPageLoaded(deleted, page(['1-0', '2-0', '3-0', '4-0']));
    expect(stalePage.confirmed.map((m) => m.id)).toEqual(['1-0', '3-0', '4-0']);
    expect(acceptMessage(stalePage, message('2-0')).confirmed.map((m) => m.id)).toEqual(['1-0', '3-0', '4-0']);
  });

  it('takes the same deletion twice (both tabs, the answer and the event) as one', () => {
    const loaded = newestPageLoaded(openedRoom(ROOM, null, true), page(['1-0', '2-0']));
    const once = messageDeleted(loaded, '1-0');
    expect(messageDeleted(once, '1-0')).toBe(once);
    expect(messageDeleted(loaded, '9-0').confirmed).toEqual(loaded.confirmed);
  });

  it('forgets deletions when another room opens', () => {
    const loaded = messageDeleted(newestPageLoaded(openedRoom(ROOM, null, true), page(['1-0'])), '1-0');
    expect(loaded.deleted.size).toBe(1);
    expect(openedRoom(ROOM, null, true).deleted.size).toBe(0);
  });
});
