/**
 * Extra settings for every e2e server (the memory pod and both cluster pods): jobs pause
 * between batches, so an import's progress and its notes can be watched arriving.
 */
export const jobPacing = { JOB_BATCH_PAUSE_MS: '250' };

/** Every browser of the run signs up and logs in from the one loopback address. */
export const authLimits = { REGISTER_RATE_LIMIT: '10000', LOGIN_IP_RATE_LIMIT: '10000' };

/** Calls: no STUN/TURN; two browsers on one machine connect over host candidates. */
export const callSettings = { ICE_SERVERS: '[]' };

/**
 * The memory pod's metrics listener (loopback), on the port after its own so it moves with
 * E2E_PORT and clashes with no default: shared-tabs.spec.ts counts the streams it holds.
 */
export const memoryMetricsPort = (port: string): string => String(Number(port) + 1);
