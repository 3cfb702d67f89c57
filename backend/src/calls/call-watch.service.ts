import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConnectionsService } from '../events/connections.service';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { PartyStreams } from './party-streams';

/**
 * What ends calls without a request: the ring timeout and a party who vanished. Runs on every pod;
 * the repository's transitions make exactly one pod end each call, the others find it ended.
 */
@Injectable()
export class CallWatchService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Calls');
  /** Per call and party: since when this pod has seen them without any stream. */
  private readonly missingSince = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  private readonly graceMs: number;

  constructor(
    private readonly calls: CallsRepository,
    private readonly service: CallsService,
    private readonly streams: PartyStreams,
    private readonly connections: ConnectionsService,
    config: AppConfig,
  ) {
    // A reloading tab reconnects within the presence grace period: the call survives it.
    this.graceMs = config.presenceGraceMs;
  }

  onModuleInit(): void {
    this.connections.addHooks({
      onStreamOpened: (stream) => this.streams.opened(stream.userId, stream.connectionId),
      onStreamClosed: (stream) => this.streams.closed(stream.userId, stream.connectionId),
    });
    this.timer = setInterval(() => void this.sweep(), Math.min(1000, Math.max(50, Math.floor(this.graceMs / 4) || 250)));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Public so tests can run it without waiting. */
  async sweep(): Promise<void> {
    if (this.sweeping) {
      return;
    }
    this.sweeping = true;
    try {
      const now = Date.now();
      for (const callId of await this.calls.dueRinging(now)) {
        await this.service.ringOut(callId);
      }
      await this.checkParties(now);
    } catch (error) {
      this.logger.warn(`Call sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async checkParties(now: number): Promise<void> {
    const live = await this.calls.live();
    // While it rings only the caller must stay: a callee with no app open lets it ring out as missed.
    const watched = live.flatMap((call) =>
      (call.state === 'active' ? [call.callerId, call.calleeId] : [call.callerId]).map((userId) => ({ call, userId })),
    );
    const connected = await this.streams.connected([...new Set(watched.map((entry) => entry.userId))]);
    const seen = new Set<string>();
    for (const { call, userId } of watched) {
      const key = `${call.id}|${userId}`;
      seen.add(key);
      if (connected.has(userId)) {
        this.missingSince.delete(key);
        continue;
      }
      const since = this.missingSince.get(key) ?? now;
      this.missingSince.set(key, since);
      if (now - since >= this.graceMs) {
        await this.service.connectionLost(call.id);
      }
    }
    for (const key of this.missingSince.keys()) {
      if (!seen.has(key)) {
        this.missingSince.delete(key);
      }
    }
  }
}
