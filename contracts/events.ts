// The event map shared by the backend and the Angular app: an event's name and
// payload are defined here once. Type-only: import with `import type`.
import type { PublicUser } from './api';
import type { BoardInvitation, BoardRole, Note, NoteField } from './boards';
import type { CallEventMap } from './calls';
import type { ChannelName, RoomChannel } from './channels';
import type { AppNotification, ChatMessage, Conversation } from './chat';
import type { Device } from './encryption';
import type { DotCounts, TimerState, Viewport, VoteView } from './facilitation';
import type { Job } from './jobs';
import type { PresenceStatus, PresentUser } from './presence';

/** Why a user lost access to a channel. */
export type AccessLossReason = 'left' | 'removed' | 'board_deleted';

/**
 * Every event's payload, given how channel names are typed. Clients read them as plain
 * strings (EventMap); the server builds them only from contracts/channels.ts (ServerEventMap),
 * so a hand-built name in a payload does not compile.
 */
export interface EventMapWith<Channel extends string, Room extends string> extends CallEventMap {
  /** First event of every stream: where the stream starts, per channel. */
  'stream.ready': { connectionId: string; channels: Channel[]; heartbeatMs: number };
  /** Periodic keep-alive; its id is the current cursor, so it never disturbs resuming. */
  heartbeat: Record<string, never>;
  /**
   * The history of these channels no longer reaches back to the client's cursor (trimmed,
   * lost, or a new epoch): refetch their state, then keep following the stream.
   */
  reset: { channels: Channel[] };
  /** The stream is about to end; `reason` says why. Reconnect after the `retry` hint. */
  /**
   * The stream is about to end; `reason` says why. After `shutdown`, reconnect after the
   * `retry` hint; after `session_revoked` (logout, log out everywhere, a rotated token) the
   * session is over: do not reconnect, show the login page.
   */
  'stream.closing': { reason: 'shutdown' | 'session_expired' | 'session_revoked' };
  /**
   * Sent to an open stream (never stored) when its user lost access to one of its channels:
   * the stream carries nothing more of that channel. Reconnect without it.
   */
  'channel.revoked': { channel: Channel; reason: AccessLossReason };
  /** The token ends soon: call POST /api/auth/refresh and reconnect. */
  'session.expiring': { expiresAt: string };
  /** Answer to POST /api/events/ping, on the caller's own user channel. */
  pong: { clientTime: number; serverTime: string };

  /** A user joined (accepted an invitation or opened an invite link) with this role. */
  'board.member_added': { boardId: string; member: PublicUser; role: BoardRole };
  /**
   * A member's role changed (PATCH …/members/:userId), or ownership moved (then two events: the
   * new owner's and the old owner's, who becomes an editor). Also on the member's own channel.
   */
  'board.role_changed': { boardId: string; userId: string; role: BoardRole; ownerId: string };
  /**
   * On the board (for the owner's settings panel) and on the invitee's user channel: an
   * invitation was created, accepted, declined or cancelled. The invitee sees nothing else of
   * the board until they accept.
   */
  'board.invitation': { invitation: BoardInvitation };
  /** On the board and on the removed user's own channel: a member left or was removed by the owner. */
  'board.member_removed': { boardId: string; userId: string; reason: 'left' | 'removed' };
  'board.deleted': { boardId: string };
  /** `restored`: brought back from the trash with its original id. */
  'note.created': { note: Note; clientId?: string; restored?: true };
  /** `changed`: the fields this write changed. */
  'note.updated': { note: Note; clientId?: string; changed?: NoteField[] };
  /** `noteText`: an excerpt of the deleted note's text (see noteExcerpt), for the activity feed. The note is in the trash. */
  'note.deleted': { boardId: string; noteId: string; clientId?: string; noteText?: string };

  /** The owner emptied the board's trash. */
  'trash.emptied': { boardId: string };

  /** A vote started, on the board. Carries the vote as a member with no dots sees it. */
  'vote.started': { vote: VoteView };
  /**
   * Dots changed, on the board. An anonymous vote's event carries only the totals; a named
   * one also carries who (`userId`) and the note's new total. Apply by `revision`.
   */
  'vote.dots_changed': {
    boardId: string;
    voteId: string;
    revision: number;
    totalDots: number;
    voters: number;
    noteId?: string;
    noteTotal?: number;
    userId?: string;
  };
  /** On the voter's own user channel: their dots now (all their tabs agree). */
  'vote.my_dots': { boardId: string; voteId: string; revision: number; myDots: DotCounts };
  /** The vote ended: results for everyone at once. */
  'vote.ended': { vote: VoteView };
  /** The ended vote's results were cleared. */
  'vote.cleared': { boardId: string; voteId: string };
  /** The board's timer was started, paused, resumed, reset or extended. */
  'timer.updated': TimerState & { boardId: string };
  /** Ephemeral, coalesced to at most 10/s per user: where a member is looking. */
  'viewport.moved': Viewport & { userId: string };
  /** Ephemeral: a facilitator asks everyone to follow them ("bring everyone to me"). */
  'viewport.summoned': Viewport & { userId: string };

  /** A stored notification for the user (board invitation, mention, missed call). */
  notification: AppNotification;

  /** On the room's channel (`board:<id>` or `conversation:<id>`). */
  'chat.message': { message: ChatMessage };
  /** Ephemeral: the user is typing in the room until `until` (the indicator expires by itself). */
  'chat.typing': { roomId: Room; userId: string; until: string };
  /** On the room's channel: its author (or a board's owner) deleted it, and its attachments with it. */
  'chat.message_deleted': { roomId: Room; messageId: string };
  /** On the reader's own user channel, so all their tabs update unread counts. */
  'chat.read': { roomId: Room; messageId: string };
  /** On each participant's user channel: a conversation was started with them. */
  'conversation.created': { conversation: Conversation };
  /** On each other participant's user channel: a new message, for lists and unread badges. */
  'conversation.activity': { conversationId: string; message: ChatMessage };
  /** On the owner's user channel and on the user channel of everyone sharing a conversation with them. */
  'device.added': { device: Device };
  /** Same audience as device.added. Conversations the device could read now need a new key (rotationNeeded). */
  'device.removed': { userId: string; deviceId: string };
  /**
   * On the user channel of every participant: a device asks for a conversation's keys.
   * Any online participant device holding them answers with POST …/keys/:keyId/wrapped.
   */
  'conversation.key_requested': { conversationId: string; userId: string; deviceId: string; keyIds?: string[] };
  /** On the user channel of the device's owner: keys were wrapped for that device (fetch GET …/keys). */
  'conversation.key_shared': { conversationId: string; deviceId: string; keyIds: string[] };
  /** On every participant's user channel: a new content key is current (fetch GET …/keys). */
  'conversation.key_rotated': { conversationId: string; keyId: string };
  /** On the user channel: notifications were marked read (ids, or all when absent). */
  'notification.read': { ids?: string[] };

  /** On the board: the user went from no stream on this board to one (any pod). */
  'presence.joined': PresentUser;
  /** On the board: the user's last stream on this board closed (after a short grace period) or its pod died. */
  'presence.left': { userId: string };
  /** On every board the user is present on: their status changed. */
  'presence.updated': { userId: string; status: PresenceStatus };
  /** Ephemeral, coalesced to at most 10/s per user: where a user's pointer is on the board. */
  'cursor.moved': { userId: string; x: number; y: number };

  /** On the owner's user channel. */
  'job.queued': { job: Job };
  /** Coalesced to at most 4 a second per job; progress never goes down. */
  'job.progress': { jobId: string; progress: number; processed: number; total: number; message: string };
  'job.completed': { jobId: string; resultUrl: string; job: Job };
  'job.failed': { jobId: string; error: string; job: Job };
  'job.cancelled': { jobId: string; job: Job };
  /** First event of GET /api/jobs/:id/events: the job as it is now. */
  'job.state': { job: Job };
}

/** Events as a client receives them. */
export type EventMap = EventMapWith<string, string>;
/** Events as the server builds them: channel names and room ids from the builders only. */
export type ServerEventMap = EventMapWith<ChannelName, RoomChannel>;

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
