import { DOCUMENT, Injectable, inject } from '@angular/core';

const KEY = 'corkboard.streamsHeldBack';
/** Long enough for a working day behind the same proxy; a laptop taken home finds out at once anyway. */
const REMEMBER_MS = 24 * 60 * 60_000;

/**
 * Whether this browser recently found streams held back on the way to us. Without it, every
 * page load behind such a proxy would sit ~40 s without events before polling again; with it,
 * the next load polls at once and tries the stream beside the polls, climbing back within
 * milliseconds when the proxy is gone. Per origin and profile (localStorage); best effort.
 */
@Injectable({ providedIn: 'root' })
export class HeldBackMemory {
  private readonly storage = safeStorage(inject(DOCUMENT).defaultView);

  recent(now = Date.now()): boolean {
    const since = Number(this.read());
    return Number.isFinite(since) && since > 0 && now - since < REMEMBER_MS;
  }

  remember(now = Date.now()): void {
    this.write(String(now));
  }

  forget(): void {
    this.write(null);
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  }

  private write(value: string | null): void {
    try {
      if (value === null) {
        this.storage?.removeItem(KEY);
      } else {
        this.storage?.setItem(KEY, value);
      }
    } catch {
      // Storage full or denied (private mode): the next load simply detects it again.
    }
  }
}

function safeStorage(win: Window | null): Storage | null {
  try {
    return win?.localStorage ?? null;
  } catch {
    return null;
  }
}
