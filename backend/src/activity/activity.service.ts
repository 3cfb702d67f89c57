import { Injectable } from '@nestjs/common';
import { ACTIVITY_PAGE_DEFAULT } from '../../../contracts/activity';
import type { ActivityPage } from '../../../contracts/boards';
import { BoardAccess } from '../boards/board-access';
import type { Actor } from '../users/actor';
import { ActivityRepository } from './activity.repository';

/** Reads a board's activity feed; the feed is written by ActivityRecorder from the board's events. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly repository: ActivityRepository,
    private readonly access: BoardAccess,
  ) {}

  async page(actor: Actor, boardId: string, before: string | undefined, limit = ACTIVITY_PAGE_DEFAULT): Promise<ActivityPage> {
    await this.access.assertMember(actor, boardId);
    return this.repository.page(boardId, before, limit);
  }
}
