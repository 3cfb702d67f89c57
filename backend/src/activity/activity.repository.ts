import type { ActivityEntry, ActivityPage } from '../../../contracts/boards';

/**
 * Port for boards' activity feeds: entries built from board events (contracts/activity.ts), stored
 * newest first and coalesced as addActivity does, so both sides of the wire agree on the feed.
 */
export abstract class ActivityRepository {
  /** Adds the entry to its board's feed, coalescing as addActivity does; keeps the newest `max` entries. */
  abstract add(entry: ActivityEntry, max: number): Promise<void>;
  /** Newest first: at most `limit` entries older than `before` (an entry id), and where the next page starts. */
  abstract page(boardId: string, before: string | undefined, limit: number): Promise<ActivityPage>;
  abstract deleteBoard(boardId: string): Promise<void>;
}
