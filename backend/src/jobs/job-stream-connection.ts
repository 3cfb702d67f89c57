import type { ServerResponse } from 'node:http';
import { userChannel } from '../../../contracts/channels';
import type { Job } from '../../../contracts/jobs';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from '../events/bus-event';
import { controlEventJson } from '../events/control-event';
import { type ConnectionLimits, SseConnection } from '../events/sse-connection';
import { TERMINAL } from './jobs.repository';

const TERMINAL_EVENTS = new Set(['job.completed', 'job.failed', 'job.cancelled']);

/**
 * `GET /api/jobs/:id/events`: a stream of the owner's user channel narrowed to one job.
 * Being an SseConnection, it is admitted, counted, heartbeated, ended at token expiry and
 * drained on shutdown like every other stream. It starts with `job.state` instead of
 * `stream.ready`, numbers its events `<jobId>:<n>`, and ends after the job's terminal event.
 */
export class JobStreamConnection extends SseConnection {
  private seq = 0;

  constructor(
    user: AuthUser,
    private readonly job: Job,
    response: ServerResponse,
    limits: ConnectionLimits,
    onSlowConsumer: () => void,
  ) {
    super(user, [userChannel(user.id)], response, limits, onSlowConsumer);
  }

  override get cursor(): string {
    return `${this.job.id}:${this.seq}`;
  }

  override ready(retryMs: number): void {
    this.send('job.state', controlEventJson('job.state', { job: this.job }), retryMs);
    if (TERMINAL.has(this.job.status)) {
      this.end();
    }
  }

  override event(event: BusEvent): void {
    if (this.isEnded || !event.type.startsWith('job.')) {
      return;
    }
    // Only events about this job go out: progress and the end, which all carry its id as jobId.
    if (!event.json.includes(`"jobId":"${this.job.id}"`)) {
      return;
    }
    if ((JSON.parse(event.json) as { data: { jobId?: string } }).data.jobId !== this.job.id) {
      return;
    }
    this.send(event.type, event.json);
    if (TERMINAL_EVENTS.has(event.type)) {
      this.end();
    }
  }

  /** The user channel's history was lost: nothing of it is replayed here, so nothing to refetch. */
  override reset(): void {}

  private send(type: string, json: string, retryMs?: number): void {
    this.seq++;
    this.writeControl(type, json, retryMs);
  }
}
