// The long-poll fallback, GET /api/events/poll, shared by the backend and the app.
// Its cursor is the SSE stream's id (contracts/cursor.ts): a client moves between the
// stream and the poll, either way, by passing on the last cursor it holds.
import type { AnyEventEnvelope } from './events';

/** Most events one poll answers with; the cursor then stops right after them and the next poll goes on. */
export const POLL_MAX_EVENTS = 500;
/** `wait` bounds, in whole seconds. */
export const POLL_DEFAULT_WAIT_S = 25;
export const POLL_MAX_WAIT_S = 30;

/** The 200 answer of GET /api/events/poll. */
export interface PollResponse {
  /**
   * In order per channel, each lossless event once across polls. Besides channel events it may
   * hold the stream's control events: `channel.revoked`, `session.expiring`, `stream.closing`.
   */
  events: AnyEventEnvelope[];
  /** Pass it back as `cursor` on the next poll (or as the stream's Last-Event-ID). Unchanged when nothing happened. */
  cursor: string;
  /** As the stream's `reset` event: refetch these channels' state; the cursor stands at their heads. */
  reset?: { channels: string[] };
  /** With `stream.closing` for `shutdown`: wait this long before polling again (spreads clients over other pods). */
  retryMs?: number;
}
