import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { POLL_DEFAULT_WAIT_S, POLL_MAX_EVENTS, POLL_MAX_WAIT_S } from '../../../contracts/poll';
import type { AuthUser } from '../auth/auth-user';
import { InvalidInputError } from '../common/domain-error';
import { PollConnection, type PollLimits } from './poll-connection';
import { StreamService } from './stream.service';

/** Long enough for a burst (a paste, a bulk move) to share one answer, short enough not to be noticed. */
const GATHER_MS = 50;
const POLL_LIMITS: PollLimits = { maxEvents: POLL_MAX_EVENTS, gatherMs: GATHER_MS };

export interface PollQuery {
  channel: unknown;
  cursor: unknown;
  wait: unknown;
}

/**
 * `GET /api/events/poll`: the stream's channels, rules and cursor, answered once as JSON, for
 * networks where a stream's bytes do not get through. Opened exactly as a stream is
 * (StreamService.admit), so it is refused, revoked, expired and drained alike.
 */
@Injectable()
export class PollService {
  constructor(private readonly streams: StreamService) {}

  /** Resolves with the JSON body of a PollResponse; '' when the client left before the answer. */
  async poll(user: AuthUser, query: PollQuery, response: ServerResponse): Promise<string> {
    const requested = query.channel === undefined ? [] : Array.isArray(query.channel) ? (query.channel as unknown[]) : [query.channel];
    const waitMs = waitSeconds(query.wait) * 1000;
    const channels = this.streams.channelsKind(user, requested, query.cursor, 'cursor', false);
    const admitted = await this.streams.admit(user, {
      ...channels,
      connect: () => new PollConnection(user, channels.channels(), waitMs, POLL_LIMITS),
    });
    const connection = admitted.connection;
    const gone = (): void => {
      connection.markGone();
      admitted.end();
    };
    // A client that gives up lets go of its listeners, its place and its presence at once.
    response.once('close', gone);
    if (response.destroyed || !response.socket || response.socket.destroyed) {
      gone();
      return '';
    }
    admitted.begin();
    connection.started();
    const body = await connection.answer;
    admitted.end();
    return body;
  }
}

function waitSeconds(wait: unknown): number {
  if (wait === undefined) {
    return POLL_DEFAULT_WAIT_S;
  }
  if (typeof wait !== 'string' || !/^\d{1,2}$/.test(wait) || Number(wait) > POLL_MAX_WAIT_S) {
    throw new InvalidInputError(`wait must be a whole number of seconds from 0 to ${POLL_MAX_WAIT_S}, given once`);
  }
  return Number(wait);
}
