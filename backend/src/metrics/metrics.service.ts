import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BusMetrics } from '../events/bus-metrics';

/** Numbers that change on hot paths are kept as plain fields and read at scrape time. */
export interface StreamStats {
  /** SSE streams; held long polls are counted apart. */
  openConnections(): number;
  openPolls(): number;
  activeChannels(): number;
  eventsSent(): number;
  pollEventsSent(): number;
}

/** One registry per app instance, so several pods in one test process never collide. */
@Injectable()
export class MetricsService implements BusMetrics {
  readonly registry = new Registry();
  private stats?: StreamStats;

  readonly slowConsumerDisconnects = new Counter({
    name: 'sse_slow_consumer_disconnects_total',
    help: 'SSE streams closed because the client did not read fast enough',
    registers: [this.registry],
  });
  readonly resumes = new Counter({
    name: 'sse_resumes_total',
    help: 'Streams opened with a cursor, by outcome (replayed: missed events sent; reset: history gone)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly connectionsOpened = new Counter({
    name: 'sse_connections_opened_total',
    help: 'SSE streams opened on this pod since it started',
    registers: [this.registry],
  });
  readonly pollsOpened = new Counter({
    name: 'poll_connections_opened_total',
    help: 'Long polls (GET /api/events/poll) admitted on this pod since it started',
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'sse_connections_refused_total',
    help:
      'SSE streams and long polls refused before they started, by HTTP status (reason="connect_rate": opening faster than ' +
      'SSE_CONNECT_RATE; "connect_queue": more stream requests waiting than the pod queues)',
    labelNames: ['status', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly publishErrors = new Counter({
    name: 'redis_publish_errors_total',
    help: 'Events that could not be published because Redis failed',
    registers: [this.registry],
  });
  private readonly catchUps = new Counter({
    name: 'event_bus_catch_ups_total',
    help: 'Channels this pod caught up after their subscription was lost (Redis reconnect, a moved slot, a failover), from history or with a reset',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly publishLatency = new Histogram({
    name: 'event_publish_duration_seconds',
    help: 'Time to store and publish one event',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route and status (SSE streams count until they close)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const stats = (): StreamStats | undefined => this.stats;
    new Gauge({
      name: 'sse_connections_total',
      help: 'SSE streams open on this pod',
      registers: [this.registry],
      collect() {
        this.set(stats()?.openConnections() ?? 0);
      },
    });
    new Gauge({
      name: 'poll_connections_total',
      help: 'Long polls held open on this pod, waiting for events',
      registers: [this.registry],
      collect() {
        this.set(stats()?.openPolls() ?? 0);
      },
    });
    new Gauge({
      name: 'sse_channels_total',
      help: 'Channels this pod listens to for its open streams and held polls',
      registers: [this.registry],
      collect() {
        this.set(stats()?.activeChannels() ?? 0);
      },
    });
    new Counter({
      name: 'sse_events_sent_total',
      help: 'Events written to SSE streams (one per event per stream)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stats()?.eventsSent() ?? 0);
      },
    });
    new Counter({
      name: 'poll_events_sent_total',
      help: 'Events answered to long polls (one per event per poll)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stats()?.pollEventsSent() ?? 0);
      },
    });
  }

  attachStreamStats(stats: StreamStats): void {
    this.stats = stats;
  }

  published(seconds: number): void {
    this.publishLatency.observe(seconds);
  }

  publishFailed(): void {
    this.publishErrors.inc();
  }

  caughtUp(outcome: 'history' | 'reset'): void {
    this.catchUps.inc({ outcome });
  }
}
