import { Injectable } from '@angular/core';

import { bypassServiceWorker } from '../../pwa/sw-bypass';

const CHECK_TIMEOUT_MS = 10_000;

/**
 * Which channel made the shared stream's request fail: a 403/404 names none. Asks for one
 * channel at a time (one after the other, so the checks never take more than one of the
 * browser's six connections) with a long poll that answers at once, and keeps only the status.
 */
@Injectable({ providedIn: 'root' })
export class ChannelCheck {
  /** The channels the server refuses, with its status (403 or 404). */
  async refusedAmong(channels: readonly string[]): Promise<Map<string, number>> {
    const refused = new Map<string, number>();
    for (const channel of channels) {
      const status = await this.status(channel);
      if (status === 403 || status === 404) {
        refused.set(channel, status);
      }
    }
    return refused;
  }

  private async status(channel: string): Promise<number> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
    try {
      // A poll that answers at once: the same authorisation as the stream, without opening one.
      const response = await fetch(
        `/api/events/poll?${new URLSearchParams({ channel, wait: '0' }).toString()}`,
        bypassServiceWorker({
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        }),
      );
      return response.status;
    } catch {
      return 0;
    } finally {
      clearTimeout(timeout);
      // Only the status was wanted.
      controller.abort();
    }
  }
}
