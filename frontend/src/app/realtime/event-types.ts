import type { EventType } from '@contracts/events';

// EventSource hands named events only to listeners registered under that name, so the
// names must exist at runtime; a Record makes the compiler flag one added to EventMap.
const NAMES: Record<EventType, true> = {
  'stream.ready': true,
  heartbeat: true,
  reset: true,
  'stream.closing': true,
  'session.expiring': true,
  pong: true,
  'call.offer': true,
  'call.answer': true,
  'call.answered': true,
  'call.ice-candidate': true,
  'call.ended': true,
  'board.member_added': true,
  'board.member_removed': true,
  'channel.revoked': true,
  'board.deleted': true,
  'note.created': true,
  'note.updated': true,
  'note.deleted': true,
  notification: true,
  'chat.message': true,
  'chat.typing': true,
  'chat.read': true,
  'conversation.created': true,
  'conversation.activity': true,
  'notification.read': true,
  'presence.joined': true,
  'presence.left': true,
  'presence.updated': true,
  'cursor.moved': true,
  'job.queued': true,
  'job.progress': true,
  'job.completed': true,
  'job.failed': true,
  'job.cancelled': true,
  'job.state': true,
};

export const STREAM_EVENT_TYPES = Object.keys(NAMES) as readonly EventType[];
