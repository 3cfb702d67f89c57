import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { systemChannel } from '../../../contracts/channels';
import type { AccessLossReason } from '../../../contracts/events';
import type { BusEvent } from './bus-event';
import { ConnectionsService } from './connections.service';
import { EventBus } from './event-bus';

/** Pod-to-pod only: clients cannot name it (the channel registry knows no `system` kind). */
export const ACCESS_CHANNEL = systemChannel('access');
const NOTICE_TYPE = 'access.notice';

/** Something that must end open streams, or parts of them, on every pod. */
export type AccessNotice =
  | { kind: 'token'; userId: string; tokenId: string }
  | { kind: 'session'; userId: string; sessionId: string }
  | { kind: 'sessions_before'; userId: string; startedAtOrBefore: number }
  | { kind: 'channel'; channel: string; userIds: string[]; reason: AccessLossReason };

/**
 * Carries revocations to the streams they concern, on every pod. Requests are
 * checked as they come (auth guard, stream admission); this reaches the streams
 * already open, by event rather than by polling, so delivering events costs nothing extra.
 */
@Injectable()
export class AccessRevocations implements OnModuleInit {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly bus: EventBus,
    private readonly connections: ConnectionsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.listen(ACCESS_CHANNEL, {
      onEvent: (event) => this.apply(event),
      onReset: () => this.logger.warn("Revocation notices were lost with Redis data; streams end at their tokens' expiry at the latest"),
    });
  }

  /**
   * Stored, not ephemeral: a pod whose Redis subscription dropped backfills the notices it
   * missed, so no stream outlives its revocation. This pod applies it at once (applying twice
   * changes nothing), the others as it arrives.
   */
  async publish(notice: AccessNotice): Promise<void> {
    this.apply(await this.bus.publish(ACCESS_CHANNEL, NOTICE_TYPE, notice, null));
  }

  private apply(event: BusEvent): void {
    if (event.type !== NOTICE_TYPE) {
      return;
    }
    const notice = (JSON.parse(event.json) as { data: AccessNotice }).data;
    switch (notice.kind) {
      case 'token':
        return this.connections.endSessions(notice.userId, (stream) => stream.tokenId === notice.tokenId);
      case 'session':
        return this.connections.endSessions(notice.userId, (stream) => stream.sessionId === notice.sessionId);
      case 'sessions_before':
        return this.connections.endSessions(
          notice.userId,
          (stream) => stream.sessionStartedAt !== undefined && stream.sessionStartedAt <= notice.startedAtOrBefore,
        );
      case 'channel':
        return this.connections.revokeChannel(notice.channel, notice.userIds, notice.reason);
    }
  }
}
