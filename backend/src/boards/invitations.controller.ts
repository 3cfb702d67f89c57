import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Board, BoardInvitation } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { BoardDto } from './dto/board.dto';
import { BoardInvitationDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

/** The invitee's side of invitations. Someone else's invitation is answered 404, like an unknown one. */
@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your pending board invitations, oldest first' })
  @ApiOkResponse({ type: [BoardInvitationDto] })
  @ApiErrors(401)
  list(@CurrentActor() actor: Actor): Promise<BoardInvitation[]> {
    return this.invitations.listMine(actor);
  }

  @Post(':id/accept')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept an invitation: join the board with its role',
    description:
      'Publishes board.member_added on the board and board.invitation (accepted) on the board and your own channel. ' +
      '409 when it was already accepted, declined or cancelled; 410 when it expired (INVITATION_TTL_DAYS).',
  })
  @ApiOkResponse({ type: BoardDto })
  @ApiErrors(400, 401, 404, 409, 410, 429)
  accept(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<Board> {
    return this.invitations.accept(actor, id);
  }

  @Post(':id/decline')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Decline an invitation; publishes board.invitation (declined) on the board and your own channel' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 404, 409, 410, 429)
  decline(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    return this.invitations.decline(actor, id);
  }
}
