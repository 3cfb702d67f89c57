/** What the bus reports; the metrics module supplies the real counters. */
export interface BusMetrics {
  published(seconds: number): void;
  publishFailed(): void;
  /** A channel whose subscription was lost (reconnect, moved slot, failover) caught up: from history, or with a reset. */
  caughtUp(outcome: 'history' | 'reset'): void;
}

export const NO_BUS_METRICS: BusMetrics = { published: () => undefined, publishFailed: () => undefined, caughtUp: () => undefined };
