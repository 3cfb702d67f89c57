import { getSchemaPath } from '@nestjs/swagger';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { BoardDto } from '../boards/dto/board.dto';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

const NOTIFICATION_BASE = {
  id: string,
  createdAt: { type: 'string', format: 'date-time' },
  read: { type: 'boolean' },
  from: { $ref: getSchemaPath(PublicUserDto) },
} as const;

export const NOTIFICATION_EVENT_SCHEMAS: EventSchemas<'notification' | 'notification.read'> = {
  models: [PublicUserDto, BoardDto],
  data: {
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
