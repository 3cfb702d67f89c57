import { Injectable, MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { userChannel } from '../../../contracts/channels';
import type { AuthUser } from '../auth/auth-user';
import { EventBus } from '../events/event-bus';
import { StreamService } from '../events/stream.service';
import { toJob } from './job-runner';
import { JobStreamConnection } from './job-stream-connection';
import { JobsService } from './jobs.service';

const JOB_STREAM_RETRY_MS = 3000;

/** Opens one job's stream: a stream kind served like /api/events, with the same admission, limits and bookkeeping. */
@Injectable()
export class JobStreamService {
  constructor(
    private readonly jobs: JobsService,
    private readonly bus: EventBus,
    private readonly streams: StreamService,
  ) {}

  /**
   * 403/404, then 429/503 from admission, all before the first byte. Subscribed before the
   * job is read, so nothing published in between is lost.
   */
  open(user: AuthUser, jobId: string, response: ServerResponse, signal: AbortSignal): Promise<Observable<MessageEvent>> {
    return this.streams.serveStream(
      user,
      {
        retryMs: JOB_STREAM_RETRY_MS,
        authorize: async () => void (await this.jobs.owned(user, jobId)),
        subscribe: () => this.bus.open([userChannel(user.id)], undefined),
        connect: async () => {
          const current = await this.jobs.owned(user, jobId);
          return new JobStreamConnection(user, toJob(current), response, this.streams.connectionLimits, this.streams.onSlowConsumer);
        },
      },
      response,
      signal,
    );
  }
}
