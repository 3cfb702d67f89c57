import { getSchemaPath } from '@nestjs/swagger';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

export const BOARD_EVENT_SCHEMAS: EventSchemas<'board.member_added' | 'board.member_removed' | 'board.deleted'> = {
  models: [PublicUserDto],
  data: {
    'board.member_added': obj({ boardId: string, member: { $ref: getSchemaPath(PublicUserDto) } }),
    'board.member_removed': obj({ boardId: string, userId: string, reason: { type: 'string', enum: ['left', 'removed'] } }),
    'board.deleted': obj({ boardId: string }),
  },
};
