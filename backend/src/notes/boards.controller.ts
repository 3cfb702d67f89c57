import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Board, BoardSnapshot } from '../../../contracts/boards';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AddMemberDto, BoardDto, BoardSnapshotDto, CreateBoardDto } from './dto/board.dto';
import { NotesService } from './notes.service';
import { WRITE_LIMIT } from './write-limit';

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
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({ summary: 'Invite a member (owner only); publishes board.member_added and a notification to the invitee' })
  @ApiCreatedResponse({ type: BoardDto })
  @ApiErrors(400, 401, 403, 404, 429)
  addMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: AddMemberDto): Promise<Board> {
    return this.notes.addMember(user, id, body.username);
  }

  @Delete(':id')
  @RateLimit(WRITE_LIMIT)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete the board (owner only); publishes board.deleted' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 429)
  remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.notes.deleteBoard(user, id);
  }
}
