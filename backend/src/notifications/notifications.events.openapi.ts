import { getSchemaPath } from '@nestjs/swagger';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

const NOTIFICATION_BASE = {
  id: string,
  createdAt: { type: 'string', format: 'date-time' },
  read: { type: 'boolean' },
  from: { $ref: getSchemaPath(PublicUserDto) },
} as const;

export const NOTIFICATION_EVENT_SCHEMAS: EventSchemas<'notification' | 'notification.read'> = {
  models: [PublicUserDto],
  data: {
    notification: {
      oneOf: [
        obj(
          {
            ...NOTIFICATION_BASE,
            kind: { type: 'string', enum: ['board_invite'] },
            invitationId: { type: 'string', description: 'Accept or decline with POST /api/invitations/:id/accept or …/decline' },
            boardId: string,
            boardTitle: string,
            role: { type: 'string', enum: ['editor', 'viewer'] },
          },
          ['id', 'createdAt', 'read', 'kind', 'from', 'invitationId', 'boardId', 'boardTitle', 'role'],
        ),
        obj(
          {
            ...NOTIFICATION_BASE,
            kind: { type: 'string', enum: ['mention'] },
            roomId: string,
            messageId: string,
            excerpt: { type: 'string', description: 'Absent for encrypted conversations: who and where only' },
          },
          ['id', 'createdAt', 'read', 'kind', 'from', 'roomId', 'messageId'],
        ),
        obj({
          ...NOTIFICATION_BASE,
          kind: { type: 'string', enum: ['missed_call'] },
          callId: string,
          media: { type: 'string', enum: ['audio', 'video'] },
          reason: { type: 'string', enum: ['missed', 'busy'] },
        }),
      ],
    },
    'notification.read': obj({ ids: { type: 'array', items: string } }, []),
  },
};
