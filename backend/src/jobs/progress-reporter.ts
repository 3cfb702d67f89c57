export interface ProgressUpdate {
  progress: number;
  processed: number;
  total: number;
  message: string;
}

export const PROGRESS_INTERVAL_MS = 250;

/**
 * Turns every step of real work into at most four progress updates a second.
 * Progress comes from processed / total only, never goes down, and `flush`
 * always delivers the latest value (e.g. 100 % before the terminal event).
 */
export class ProgressReporter {
  private lastSentAt = 0;
  private latest?: ProgressUpdate;
  private sentProgress = -1;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly send: (update: ProgressUpdate) => Promise<void> | void,
    private readonly now: () => number = Date.now,
  ) {}

  report(processed: number, total: number, message: string): void {
    const progress = total <= 0 ? 100 : Math.min(100, Math.floor((processed / total) * 100));
    this.latest = { progress: Math.max(progress, this.sentProgress), processed, total, message };
    const wait = this.lastSentAt + PROGRESS_INTERVAL_MS - this.now();
    if (wait <= 0) {
      return void this.flush();
    }
    this.timer ??= setTimeout(() => void this.flush(), wait);
  }

  /** Sends the latest update now, if it was not sent yet. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const update = this.latest;
    if (!update) {
      return;
    }
    this.latest = undefined;
    this.lastSentAt = this.now();
    this.sentProgress = update.progress;
    await this.send(update);
  }

  /** Stops without sending what is pending (the job ended some other way). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
  }
}
