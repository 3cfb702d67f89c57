// The event map shared by the backend and the Angular app: an event's name and
// payload are defined here once. Type-only: import with `import type`.
import type { PublicUser } from './api';
import type { Board, Note } from './boards';

/** Channel names: `user:<id>`, `board:<id>` (and later `conversation:<id>`). */
export type ChannelName = `user:${string}` | `board:${string}` | `conversation:${string}`;

export interface EventMap {
  /** First event of every stream: where the stream starts, per channel. */
  'stream.ready': { connectionId: string; channels: string[]; heartbeatMs: number };
  /** Periodic keep-alive; its id is the current cursor, so it never disturbs resuming. */
  heartbeat: Record<string, never>;
  /**
   * The history of these channels no longer reaches back to the client's cursor (trimmed,
   * lost, or a new epoch): refetch their state, then keep following the stream.
   */
  reset: { channels: string[] };
  /** The stream is about to end; `reason` says why. Reconnect after the `retry` hint. */
  'stream.closing': { reason: 'shutdown' | 'session_expired' };
  /** The token ends soon: call POST /api/auth/refresh and reconnect. */
  'session.expiring': { expiresAt: string };
  /** Answer to POST /api/events/ping, on the caller's own user channel. */
  pong: { clientTime: number; serverTime: string };

  'board.member_added': { boardId: string; member: PublicUser };
  'board.deleted': { boardId: string };
  'note.created': { note: Note; clientId?: string };
  'note.updated': { note: Note; clientId?: string };
  'note.deleted': { boardId: string; noteId: string; clientId?: string };

  notification: Notification;
}

export type Notification = { kind: 'board_invite'; boardId: string; boardTitle: string; from: PublicUser; board: Board };

export type EventType = keyof EventMap;

/** The one envelope of every event on the wire (the SSE `data:` line). */
export interface EventEnvelope<T extends EventType = EventType> {
  /**
   * Id of the event within its channel (`<ms>-<seq>`, increasing). Empty for ephemeral
   * events, which are never stored or replayed.
   */
  id: string;
  channel: string;
  type: T;
  /** ISO-8601 UTC. */
  timestamp: string;
  /** The user whose action caused the event (from their token); null for the system. */
  userId: string | null;
  data: EventMap[T];
}

export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];
