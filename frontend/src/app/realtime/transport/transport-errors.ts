/**
 * Why a connection (stream or poll) ended. Unlike EventSource, fetch tells us the status of
 * a refused request, so each cause gets its own answer (see transport-policy.ts).
 */

/** The server answered, but not with a stream or poll answer: 4xx/5xx, or 204 "stop". */
export class RefusedError extends Error {
  constructor(
    readonly status: number,
    /** From Retry-After, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`refused with ${status}`);
  }
}

/** No answer at all (offline, DNS, connection reset), or an answer that is no event stream. */
export class UnreachableError extends Error {
  constructor(readonly reason = 'network error') {
    super(reason);
  }
}

/** The server ended a stream that had been open (shutdown, token expiry, a proxy's timeout). */
export class StreamEndedError extends Error {
  constructor() {
    super('event stream ended');
  }
}

/** Neither a heartbeat nor an event for too long on a connection that had been flowing. */
export class StreamStalledError extends Error {
  constructor() {
    super('event stream silent for too long');
  }
}

/**
 * Not one byte of a stream arrived within the watchdog's time (its headers may have): the
 * signature of a proxy that holds text/event-stream until the response is complete, unless
 * the network is down altogether, which a poll tells apart.
 */
export class StreamHeldBackError extends Error {
  constructor() {
    super('event stream answered but no event arrived: a proxy may be buffering it');
  }
}

/** The server ended the stream because its token was revoked (logout, log out everywhere, a rotated token). */
export class SessionRevokedError extends Error {
  constructor() {
    super('session revoked');
  }
}
