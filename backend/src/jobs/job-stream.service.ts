import { Injectable, MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { userChannel } from '../../../contracts/channels';
import type { AuthUser } from '../auth/auth-user';
import { ConnectionsService } from '../events/connections.service';
import { EventBus, OpenedStream } from '../events/event-bus';
import { StreamService } from '../events/stream.service';
import { toJob } from './job-runner';
import { JobStreamConnection } from './job-stream-connection';
import { JobsService } from './jobs.service';

const JOB_STREAM_RETRY_MS = 3000;

/** Opens one job's stream through the same admission, limits and bookkeeping as /api/events. */
@Injectable()
export class JobStreamService {
  constructor(
    private readonly jobs: JobsService,
    private readonly bus: EventBus,
    private readonly connections: ConnectionsService,
    private readonly streams: StreamService,
  ) {}

  /**
   * 403/404, then 429/503 from admission, all before the first byte. Subscribed before the
   * job is read, so nothing published in between is lost.
   */
  async open(user: AuthUser, jobId: string, response: ServerResponse, signal: AbortSignal): Promise<Observable<MessageEvent>> {
    const revocationMark = this.connections.revocationMark;
    await this.jobs.owned(user, jobId);
    const admission = this.connections.admit(user);
    let opened: OpenedStream | undefined;
    let connection: JobStreamConnection;
    try {
      opened = await this.bus.open([userChannel(user.id)], undefined);
      const current = await this.jobs.owned(user, jobId);
      connection = new JobStreamConnection(user, toJob(current), response, this.streams.connectionLimits, this.streams.onSlowConsumer);
    } catch (error) {
      opened?.close();
      admission.release();
      throw error;
    }
    return this.streams.serve(connection, opened, admission, response, signal, JOB_STREAM_RETRY_MS, revocationMark);
  }
}
