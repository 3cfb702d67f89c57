/** What the bus reports; the metrics module supplies the real counters. */
export interface BusMetrics {
  published(seconds: number): void;
  publishFailed(): void;
}

export const NO_BUS_METRICS: BusMetrics = { published: () => undefined, publishFailed: () => undefined };
