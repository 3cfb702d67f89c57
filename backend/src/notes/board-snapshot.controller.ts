import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BoardSnapshot } from '../../../contracts/boards';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import type { Actor } from '../users/actor';
import { BoardSnapshotDto } from './dto/board-snapshot.dto';
import { NotesService } from './notes.service';

/** GET /boards/:id belongs to the boards API, but what it returns is mostly notes, so notes serves it. */
@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards')
export class BoardSnapshotController {
  constructor(private readonly notes: NotesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'The board, all its notes, and the stream cursor the snapshot matches' })
  @ApiOkResponse({ type: BoardSnapshotDto })
  @ApiErrors(400, 401, 403, 404)
  snapshot(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<BoardSnapshot> {
    return this.notes.snapshot(actor, id);
  }
}
