const UNREACHABLE =
  /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|LOADING |READONLY |MASTERDOWN|Command timed out/i;
/** A Redis Cluster between owners: failing over, resharding, or its slot map not known yet. */
const CLUSTER_IN_TRANSITION =
  /^(CLUSTERDOWN|TRYAGAIN|MOVED|ASK) |Too many Cluster redirections|Cluster isn't ready|Failed to refresh slots cache|None of startup nodes is available|Cluster is disconnect/i;

/**
 * ioredis fails commands with these when the server is unreachable (offline
 * queue disabled, retries exhausted, socket closed). They mean "try later",
 * never "your request was wrong", so they become 503s.
 */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'ClusterAllFailedError') {
    return true;
  }
  return UNREACHABLE.test(error.message) || CLUSTER_IN_TRANSITION.test(error.message);
}
