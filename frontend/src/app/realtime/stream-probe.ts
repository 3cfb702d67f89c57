import { Injectable } from '@angular/core';

import { parseRetryAfter } from './backoff';

export interface ProbeResult {
  /** 0 when the server could not be reached at all. */
  status: number;
  retryAfterMs?: number;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * EventSource reports a refused stream only as "error", never its status. After a fatal
 * error we ask the same URL once more with fetch to learn why: 401 (log in again),
 * 403/404 (a channel is gone), 429/503 with Retry-After, or a network failure.
 */
@Injectable({ providedIn: 'root' })
export class StreamProbe {
  async check(url: string): Promise<ProbeResult> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream' },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
      return { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
    } catch {
      return { status: 0 };
    } finally {
      clearTimeout(timeout);
      // A 200 is a live stream: only its status was wanted.
      controller.abort();
    }
  }
}
