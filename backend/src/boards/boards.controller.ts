import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Board } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { BoardAccess } from './board-access';
import { BoardsService } from './boards.service';
import { AddMemberDto, BoardDto, CreateBoardDto } from './dto/board.dto';
import { INVITE_LIMIT } from './invite-limit';

@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards')
export class BoardsController {
  constructor(
    private readonly boards: BoardsService,
    private readonly access: BoardAccess,
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
    summary: 'Invite a member (owner only, INVITE_RATE_LIMIT per hour); publishes board.member_added and a notification to the invitee',
  })
  @ApiCreatedResponse({ type: BoardDto })
  @ApiErrors(400, 401, 403, 404, 429)
  addMember(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: AddMemberDto): Promise<Board> {
    return this.boards.addMember(actor, id, body.username);
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
