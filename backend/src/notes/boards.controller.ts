import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Board, BoardSnapshot } from '../../../contracts/boards';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AddMemberDto, BoardDto, BoardSnapshotDto, CreateBoardDto } from './dto/board.dto';
import { NotesService } from './notes.service';
import { INVITE_LIMIT, WRITE_LIMIT } from './write-limit';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards')
export class BoardsController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  @RateLimit(WRITE_LIMIT)
  @ApiCreatedResponse({ type: BoardDto })
  @ApiErrors(400, 401, 429, 503)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBoardDto): Promise<Board> {
    return this.notes.createBoard(user, body.title);
  }

  @Get()
  @ApiOkResponse({ type: [BoardDto], description: 'Boards the caller owns or is a member of, oldest first' })
  @ApiErrors(401)
  list(@CurrentUser() user: AuthUser): Promise<Board[]> {
    return this.notes.listBoards(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The board, all its notes, and the stream cursor the snapshot matches' })
  @ApiOkResponse({ type: BoardSnapshotDto })
  @ApiErrors(400, 401, 403, 404)
  snapshot(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<BoardSnapshot> {
    return this.notes.snapshot(user, id);
  }

  @Post(':id/members')
  @RateLimit(INVITE_LIMIT)
  @ApiOperation({
    summary: 'Invite a member (owner only, INVITE_RATE_LIMIT per hour); publishes board.member_added and a notification to the invitee',
  })
  @ApiCreatedResponse({ type: BoardDto })
  @ApiErrors(400, 401, 403, 404, 429)
  addMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: AddMemberDto): Promise<Board> {
    return this.notes.addMember(user, id, body.username);
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
  leave(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.notes.removeMember(user, id, user.id);
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
  removeMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string): Promise<void> {
    return this.notes.removeMember(user, id, userId);
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
  remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.notes.deleteBoard(user, id);
  }
}
