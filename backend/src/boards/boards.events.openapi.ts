import { getSchemaPath } from '@nestjs/swagger';
import { ASSIGNABLE_ROLES, BOARD_ROLES } from '../../../contracts/boards';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { BoardInvitationDto } from './dto/invitation.dto';

export const BOARD_EVENT_SCHEMAS: EventSchemas<
  'board.member_added' | 'board.role_changed' | 'board.invitation' | 'board.member_removed' | 'board.deleted'
> = {
  models: [PublicUserDto, BoardInvitationDto],
  data: {
    'board.member_added': obj({
      boardId: string,
      member: { $ref: getSchemaPath(PublicUserDto) },
      role: { type: 'string', enum: [...ASSIGNABLE_ROLES] },
    }),
    'board.role_changed': obj({
      boardId: string,
      userId: string,
      role: { type: 'string', enum: [...BOARD_ROLES] },
      ownerId: { type: 'string', description: "The board's owner after the change" },
    }),
    'board.invitation': obj({ invitation: { $ref: getSchemaPath(BoardInvitationDto) } }),
    'board.member_removed': obj({ boardId: string, userId: string, reason: { type: 'string', enum: ['left', 'removed'] } }),
    'board.deleted': obj({ boardId: string }),
  },
};
