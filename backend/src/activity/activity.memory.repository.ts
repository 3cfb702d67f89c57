import { addActivity, compareActivityIds } from '../../../contracts/activity';
import type { ActivityEntry, ActivityPage } from '../../../contracts/boards';
import { ActivityRepository } from './activity.repository';

export class MemoryActivityRepository extends ActivityRepository {
  /** Per board, newest first. */
  private readonly feeds = new Map<string, ActivityEntry[]>();

  async add(entry: ActivityEntry, max: number): Promise<void> {
    const feed = addActivity(this.feeds.get(entry.boardId) ?? [], { ...entry });
    this.feeds.set(entry.boardId, feed.length > max ? feed.slice(0, max) : feed);
  }

  async page(boardId: string, before: string | undefined, limit: number): Promise<ActivityPage> {
    const feed = this.feeds.get(boardId) ?? [];
    const older = before === undefined ? feed : feed.filter((entry) => compareActivityIds(entry.id, before) < 0);
    const entries = older.slice(0, limit).map((entry) => ({ ...entry }));
    return older.length > limit ? { entries, nextBefore: entries[entries.length - 1].id } : { entries };
  }

  async deleteBoard(boardId: string): Promise<void> {
    this.feeds.delete(boardId);
  }
}
