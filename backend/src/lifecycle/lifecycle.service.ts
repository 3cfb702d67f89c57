import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Subject } from 'rxjs';

/**
 * Knows whether this pod is draining. Readiness goes down the moment shutdown
 * begins so the load balancer stops sending new work; long-lived streams
 * listen to `draining$` to close themselves before the server stops.
 */
@Injectable()
export class LifecycleService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  private drainingSince?: number;
  readonly draining$ = new Subject<void>();
  readonly startedAt = Date.now();

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  beginDrain(reason: string): void {
    if (this.draining) {
      return;
    }
    this.drainingSince = Date.now();
    this.logger.log(`Draining (${reason}): readiness is down, streams are being closed`);
    this.draining$.next();
    this.draining$.complete();
  }

  beforeApplicationShutdown(signal?: string): void {
    this.beginDrain(signal ?? 'shutdown');
  }
}
