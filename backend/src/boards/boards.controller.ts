import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Board, BoardInvitation } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { BoardAccess } from './board-access';
import { BoardsService } from './boards.service';
import { AddMemberDto, BoardDto, ChangeRoleDto, CreateBoardDto, TransferOwnershipDto } from './dto/board.dto';
import { BoardInvitationDto } from './dto/invitation.dto';
import { INVITE_LIMIT } from './invite-limit';
import { InvitationsService } from './invitations.service';

@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards')
export class BoardsController {
  constructor(
    private readonly boards: BoardsService,
    private readonly access: BoardAccess,
    private readonly invitations: InvitationsService,
  ) {}

  @Post()
  @RateLimit(WRITE_LIMIT)
  @ApiCreatedResponse({ type: BoardDto })
  @ApiErrors(400, 401, 429, 503)
  create(@CurrentActor() actor: Actor, @Body() body: CreateBoardDto): Promise<Board> {
    return this.boards.createBoard(actor, body.title);
  }

  @Get()
  @ApiOkResponse({ type: [BoardDto], description: 'Boards the caller owns or is a member of, oldest first' })
  @ApiErrors(401)
  list(@CurrentActor() actor: Actor): Promise<Board[]> {
    return this.access.listBoards(actor);
  }

  @Post(':id/members')
  @RateLimit(INVITE_LIMIT)
  @ApiOperation({
    summary: 'Invite a user (owner only, INVITE_RATE_LIMIT per hour): a pending invitation they accept or decline',
    description:
      'The invitee gets a board_invite notification and board.invitation on their own channel; the board gets board.invitation. ' +
      'They see nothing of the board until they accept. Inviting someone with a pending invitation returns it (with the new role). ' +
      '409 for a member, 404 for an unknown username.',
  })
  @ApiCreatedResponse({ type: BoardInvitationDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  addMember(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: AddMemberDto): Promise<BoardInvitation> {
    return this.invitations.invite(actor, id, body.username, body.role);
  }

  @Get(':id/invitations')
  @ApiOperation({ summary: "The board's pending invitations (owner only), oldest first" })
  @ApiOkResponse({ type: [BoardInvitationDto] })
  @ApiErrors(400, 401, 403, 404)
  listInvitations(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<BoardInvitation[]> {
    return this.invitations.listForBoard(actor, id);
  }

  @Delete(':id/invitations/:invitationId')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Cancel a pending invitation (owner only); publishes board.invitation (cancelled) on the board and to the invitee',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409, 429)
  cancelInvitation(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('invitationId') invitationId: string,
  ): Promise<void> {
    return this.invitations.cancel(actor, id, invitationId);
  }

  @Patch(':id/members/:userId')
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({
    summary: "Change a member's role (owner only)",
    description:
      "Publishes board.role_changed on the board and on the member's own channel, so their open app turns read-only (or editable) at once. " +
      "409 for the owner's own role (hand over ownership instead), 404 for a non-member.",
  })
  @ApiOkResponse({ type: BoardDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  changeRole(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<Board> {
    return this.boards.changeRole(actor, id, userId, body.role);
  }

  @Post(':id/owner')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Hand ownership to another member (owner only); the old owner becomes an editor',
    description: "Publishes two board.role_changed (the new owner's, then the old owner's) on the board and on each one's own channel.",
  })
  @ApiOkResponse({ type: BoardDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  transferOwnership(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: TransferOwnershipDto): Promise<Board> {
    return this.boards.transferOwnership(actor, id, body.userId);
  }

  // Declared before ':userId' so that "me" is never taken for an id.
  @Delete(':id/members/me')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Leave the board',
    description:
      'Your open streams stop carrying the board at once (channel.revoked, reason left), on every pod; ' +
      'board.member_removed goes to the board and to your own channel. The owner cannot leave (409): delete the board instead.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409, 429)
  leave(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    return this.boards.removeMember(actor, id, actor.id);
  }

  @Delete(':id/members/:userId')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a member (owner only; any member may remove themselves)',
    description:
      "The member's open streams stop carrying the board at once (channel.revoked, reason removed), on every pod; " +
      'board.member_removed goes to the board and to their own channel. 409 for the owner: delete the board instead.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409, 429)
  removeMember(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<void> {
    return this.boards.removeMember(actor, id, userId);
  }

  @Delete(':id')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete the board (owner only); publishes board.deleted',
    description:
      "Every member's open streams then stop carrying the board (channel.revoked, reason board_deleted); its notes, chat, presence and cursors go too.",
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 429)
  remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    return this.boards.deleteBoard(actor, id);
  }
}
