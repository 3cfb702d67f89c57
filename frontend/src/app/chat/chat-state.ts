import type { RoomChannel } from '@contracts/channels';
import type { Attachment } from '@contracts/attachments';
import type { ChatMessage, MessagePage } from '@contracts/chat';
import type { EncryptedAttachmentRef } from '@contracts/encryption';

import { compareMessageIds, isAfter } from './message-id';

export type ChatStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A file uploaded for a message not sent yet. */
export interface OutgoingAttachment {
  /** What the server stored (for an encrypted conversation: the ciphertext). */
  readonly attachment: Attachment;
  /** Encrypted conversations: the file's name, type, key and thumbnail, to seal into the message. */
  readonly ref: EncryptedAttachmentRef | null;
}

/** The ids a message sends as `attachmentIds`: each file, and an encrypted image's thumbnail. */
export function outgoingAttachmentIds(attachments: readonly OutgoingAttachment[]): string[] {
  return attachments.flatMap(({ attachment, ref }) => (ref?.thumbnail ? [attachment.id, ref.thumbnail.id] : [attachment.id]));
}

/** One of our messages the server has not stored yet: on its way, or stuck. */
export interface LocalMessage {
  readonly clientId: string;
  readonly content: string;
  readonly attachments?: readonly OutgoingAttachment[];
  readonly createdAt: string;
  readonly state: 'pending' | 'failed';
  readonly error: string | null;
}

/**
 * One chat room as this tab knows it. Every transition below is a pure function of the
 * previous state, so the store only does I/O and holds this in one signal.
 */
export interface ChatState {
  /** The room shown; kept after a refused load, so starting over knows where. */
  readonly room: RoomChannel | null;
  /** Whether the room's channel is followed: false before opening, after closing and after a refused load. */
  readonly following: boolean;
  readonly status: ChatStatus;
  readonly loadError: string | null;
  /** Stored messages, oldest first, each id once. */
  readonly confirmed: readonly ChatMessage[];
  /** Our unsent messages, in the order they were written. */
  readonly local: readonly LocalMessage[];
  /** Where older history continues (a page's nextBefore); null when the start is held. */
  readonly olderCursor: string | null;
  readonly loadingOlder: boolean;
  /** The newest message read in this browser; null before the first visit. */
  readonly marker: string | null;
  /** Whether a page from the newest end has been applied since the room opened. */
  readonly historyLoaded: boolean;
  /** The newest message of the first page read, for a gap that began before it. */
  readonly historyNewest: string | null;
  /** The stream was not live since we last caught up: messages may have been missed. */
  readonly streamDown: boolean;
  /**
   * The newest message held when the stream went down (`0-0` for an empty room, null when
   * nothing was loaded yet): catching up must reach back to it.
   */
  readonly gapAfter: string | null;
  /** Messages deleted while the room was open: a page read before the deletion must not bring them back. */
  readonly deleted: ReadonlySet<string>;
}

/** A marker before every message id. */
export const ROOM_START = '0-0';

export const CLOSED_CHAT: ChatState = {
  room: null,
  following: false,
  status: 'idle',
  loadError: null,
  confirmed: [],
  local: [],
  olderCursor: null,
  loadingOlder: false,
  marker: null,
  historyLoaded: false,
  historyNewest: null,
  streamDown: false,
  gapAfter: null,
  deleted: new Set(),
};

export function openedRoom(room: RoomChannel, marker: string | null, streamLive: boolean): ChatState {
  return { ...CLOSED_CHAT, room, following: true, status: 'loading', marker, streamDown: !streamLive };
}

/** The room followed right now, if any. */
export function followedRoom(state: ChatState): RoomChannel | null {
  return state.following ? state.room : null;
}

// ---- stored messages --------------------------------------------------------------------

/** Adds messages not held yet, keeping id order; the same state when nothing is new. */
export function mergeMessages(state: ChatState, messages: readonly ChatMessage[]): ChatState {
  const held = new Set([...state.confirmed.map((message) => message.id), ...state.deleted]);
  const fresh: ChatMessage[] = [];
  for (const message of messages) {
    if (!held.has(message.id)) {
      held.add(message.id);
      fresh.push(message);
    }
  }
  if (fresh.length === 0) {
    return state;
  }
  const last = state.confirmed.at(-1);
  if (fresh.length === 1 && (!last || isAfter(fresh[0].id, last.id))) {
    return { ...state, confirmed: [...state.confirmed, fresh[0]] };
  }
  return { ...state, confirmed: [...state.confirmed, ...fresh].sort((a, b) => compareMessageIds(a.id, b.id)) };
}

/** A stored message, from the POST answer, the stream, or a page: it replaces our local copy. */
export function acceptMessage(state: ChatState, message: ChatMessage): ChatState {
  const clientId = message.clientId;
  const ours = Boolean(clientId) && state.local.some((local) => local.clientId === clientId);
  const next = ours ? { ...state, local: state.local.filter((local) => local.clientId !== clientId) } : state;
  return mergeMessages(next, [message]);
}

/** The newest page applied: merged, and the first one also sets where older history continues. */
export function newestPageLoaded(state: ChatState, page: MessagePage): ChatState {
  const merged = mergeMessages(state, page.messages);
  return merged.historyLoaded ? merged : firstPageLoaded(merged, page, page.nextBefore);
}

export function firstPageLoaded(state: ChatState, page: MessagePage, nextBefore: string | null): ChatState {
  return { ...state, historyLoaded: true, historyNewest: page.messages[0]?.id ?? ROOM_START, olderCursor: nextBefore };
}

export function olderPageLoaded(state: ChatState, page: MessagePage): ChatState {
  return { ...mergeMessages(state, page.messages), olderCursor: page.nextBefore };
}

/**
 * Catching up did not reach what we held: keep the new pages and the live messages after
 * them, and let scrolling up load the rest again.
 */
export function historyReplaced(state: ChatState, messages: readonly ChatMessage[], nextBefore: string): ChatState {
  const newestOfPage = messages[0]?.id;
  const keptLive = state.confirmed.filter((message) => newestOfPage !== undefined && isAfter(message.id, newestOfPage));
  return { ...mergeMessages({ ...state, confirmed: [] }, [...messages, ...keptLive]), olderCursor: nextBefore };
}

/** The newest message held, `0-0` for a loaded empty room, null before any history. */
export function heldNewest(state: ChatState): string | null {
  return state.confirmed.at(-1)?.id ?? (state.historyLoaded ? ROOM_START : null);
}

/** Does this page (newest first) reach back to `since`, or to the start of the room? */
export function reaches(page: MessagePage, since: string | null): boolean {
  const oldest = page.messages.at(-1);
  return page.nextBefore === null || (since !== null && oldest !== undefined && !isAfter(oldest.id, since));
}

/** A message was deleted (by us in any tab, its author, or a board's owner): it goes, and stays gone. */
export function messageDeleted(state: ChatState, messageId: string): ChatState {
  if (state.deleted.has(messageId)) {
    return state;
  }
  return {
    ...state,
    confirmed: state.confirmed.filter((message) => message.id !== messageId),
    deleted: new Set([...state.deleted, messageId]),
  };
}

// ---- the stream -------------------------------------------------------------------------

/** The stream stopped being live: remember where the gap began (once, at its start). */
export function streamWentDown(state: ChatState): ChatState {
  return state.streamDown ? state : { ...state, streamDown: true, gapAfter: heldNewest(state) };
}

/** The stream skipped events (a reset): what came between is only in the room's history. */
export function streamSkipped(state: ChatState): ChatState {
  return { ...state, gapAfter: heldNewest(state) };
}

/** Where catching up must reach back to: the gap's start, or the first page's newest message. */
export function catchUpSince(state: ChatState): string | null {
  return state.gapAfter ?? state.historyNewest;
}

// ---- our sends --------------------------------------------------------------------------

export function localSent(state: ChatState, message: LocalMessage): ChatState {
  return { ...state, local: [...state.local, message] };
}

export function localReplaced(state: ChatState, clientId: string, next: LocalMessage): ChatState {
  return { ...state, local: state.local.map((message) => (message.clientId === clientId ? next : message)) };
}

/** A send failed; nothing changes when its echo already replaced the local copy. */
export function localFailed(state: ChatState, clientId: string, error: string): ChatState {
  const current = state.local.find((local) => local.clientId === clientId);
  return current ? localReplaced(state, clientId, { ...current, state: 'failed', error }) : state;
}

/** The user gave up on a failed message; pending ones stay. */
export function failedDiscarded(state: ChatState, key: string): ChatState {
  return { ...state, local: state.local.filter((message) => localKey(message.clientId) !== key || message.state !== 'failed') };
}

export function findLocal(state: ChatState, key: string): LocalMessage | undefined {
  return state.local.find((candidate) => localKey(candidate.clientId) === key);
}

export const localKey = (clientId: string): string => `local:${clientId}`;

// ---- reading ----------------------------------------------------------------------------

/** Moves the read marker forward only; the same state otherwise. */
export function markerAdvanced(state: ChatState, messageId: string): ChatState {
  return isAfter(messageId, state.marker) ? { ...state, marker: messageId } : state;
}

/** Messages by others after the read marker. */
export function unreadCount(confirmed: readonly ChatMessage[], marker: string | null, me: string): number {
  let count = 0;
  for (let i = confirmed.length - 1; i >= 0; i--) {
    const message = confirmed[i];
    if (!isAfter(message.id, marker)) {
      break;
    }
    if (message.userId !== me) {
      count++;
    }
  }
  return count;
}

/** Our own messages never count as unread, so they never need a read receipt either. */
export function newestByOthers(confirmed: readonly ChatMessage[], me: string): ChatMessage | undefined {
  for (let i = confirmed.length - 1; i >= 0; i--) {
    if (confirmed[i].userId !== me) {
      return confirmed[i];
    }
  }
  return undefined;
}
