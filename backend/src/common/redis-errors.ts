/**
 * ioredis fails commands with these when the server is unreachable (offline
 * queue disabled, retries exhausted, socket closed). They mean "try later",
 * never "your request was wrong", so they become 503s.
 */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  if (error.name === 'MaxRetriesPerRequestError') {
    return true;
  }
  return /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|LOADING |READONLY |MASTERDOWN|Command timed out/i.test(
    error.message,
  );
}
