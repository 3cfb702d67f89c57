import { getSchemaPath } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { EventType } from '../../../contracts/events';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { ChatMessageDto, ConversationDto } from '../chat/dto/chat-response.dto';
import { BoardDto } from '../boards/dto/board.dto';
import { JobDto } from '../jobs/dto/job.dto';
import { NoteDto } from '../notes/dto/note.dto';

/** Models the event schemas refer to; register them with @ApiExtraModels. */
export const EVENT_MODELS = [NoteDto, BoardDto, PublicUserDto, ChatMessageDto, ConversationDto, JobDto];

const string = { type: 'string' } as const;
const obj = (properties: Record<string, SchemaObject | ReferenceObject>, required = Object.keys(properties)): SchemaObject => ({
  type: 'object',
  properties,
  required,
});

const NOTIFICATION_BASE = {
  id: string,
  createdAt: { type: 'string', format: 'date-time' },
  read: { type: 'boolean' },
  from: { $ref: getSchemaPath(PublicUserDto) },
} as const;

// A Record over EventType: adding an event to the contracts without documenting it does not compile.
const DATA: Record<EventType, SchemaObject | ReferenceObject> = {
  'stream.ready': obj({ connectionId: string, channels: { type: 'array', items: string }, heartbeatMs: { type: 'integer' } }),
  heartbeat: obj({}),
  reset: obj({ channels: { type: 'array', items: string } }),
  'stream.closing': obj({ reason: { type: 'string', enum: ['shutdown', 'session_expired', 'session_revoked'] } }),
  'session.expiring': obj({ expiresAt: { type: 'string', format: 'date-time' } }),
  pong: obj({ clientTime: { type: 'number' }, serverTime: { type: 'string', format: 'date-time' } }),
  'board.member_added': obj({ boardId: string, member: { $ref: getSchemaPath(PublicUserDto) } }),
  'board.member_removed': obj({ boardId: string, userId: string, reason: { type: 'string', enum: ['left', 'removed'] } }),
  'channel.revoked': obj({ channel: string, reason: { type: 'string', enum: ['left', 'removed', 'board_deleted'] } }),
  'board.deleted': obj({ boardId: string }),
  'note.created': obj({ note: { $ref: getSchemaPath(NoteDto) }, clientId: string }, ['note']),
  'note.updated': obj({ note: { $ref: getSchemaPath(NoteDto) }, clientId: string }, ['note']),
  'note.deleted': obj({ boardId: string, noteId: string, clientId: string }, ['boardId', 'noteId']),
  notification: {
    oneOf: [
      obj(
        {
          ...NOTIFICATION_BASE,
          kind: { type: 'string', enum: ['board_invite'] },
          boardId: string,
          boardTitle: string,
          board: { $ref: getSchemaPath(BoardDto) },
        },
        ['id', 'createdAt', 'read', 'kind', 'from', 'boardId', 'boardTitle'],
      ),
      obj({ ...NOTIFICATION_BASE, kind: { type: 'string', enum: ['mention'] }, roomId: string, messageId: string, excerpt: string }),
    ],
  },
  'notification.read': obj({ ids: { type: 'array', items: string } }, []),
  'presence.joined': obj({
    userId: string,
    username: string,
    displayName: string,
    since: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['online', 'away', 'busy'] },
  }),
  'presence.left': obj({ userId: string }),
  'presence.updated': obj({ userId: string, status: { type: 'string', enum: ['online', 'away', 'busy'] } }),
  'cursor.moved': obj({ userId: string, x: { type: 'number' }, y: { type: 'number' } }),
  'job.queued': obj({ job: { $ref: getSchemaPath(JobDto) } }),
  'job.state': obj({ job: { $ref: getSchemaPath(JobDto) } }),
  'job.progress': obj({
    jobId: string,
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    processed: { type: 'integer' },
    total: { type: 'integer' },
    message: string,
  }),
  'job.completed': obj({ jobId: string, resultUrl: string, job: { $ref: getSchemaPath(JobDto) } }),
  'job.failed': obj({ jobId: string, error: string, job: { $ref: getSchemaPath(JobDto) } }),
  'job.cancelled': obj({ jobId: string, job: { $ref: getSchemaPath(JobDto) } }),
  'chat.message': obj({ message: { $ref: getSchemaPath(ChatMessageDto) } }),
  'chat.typing': obj({ roomId: string, userId: string, until: { type: 'string', format: 'date-time' } }),
  'chat.read': obj({ roomId: string, messageId: string }),
  'conversation.created': obj({ conversation: { $ref: getSchemaPath(ConversationDto) } }),
  'conversation.activity': obj({ conversationId: string, message: { $ref: getSchemaPath(ChatMessageDto) } }),
};

/** The `data:` line of the stream: one envelope schema per event type. */
export function eventEnvelopeSchema(): SchemaObject {
  return {
    description: 'Each SSE event: `event: <type>`, `id: <cursor>`, `data: <one of these envelopes as JSON>`',
    oneOf: Object.entries(DATA).map(([type, data]) =>
      obj({
        id: { type: 'string', description: '<ms>-<seq> within the channel; empty for ephemeral and control events' },
        channel: { type: 'string', description: 'e.g. board:<id>; empty for control events' },
        type: { type: 'string', enum: [type] },
        timestamp: { type: 'string', format: 'date-time' },
        userId: { type: 'string', nullable: true, description: 'The actor, from their token' },
        data,
      }),
    ),
    discriminator: { propertyName: 'type' },
  };
}
