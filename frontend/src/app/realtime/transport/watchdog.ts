import { StreamHeldBackError, StreamStalledError } from './transport-errors';

/**
 * Times a stream's silence. Silence on a stream that had been flowing is a dead connection;
 * silence from the very first byte after a 200 is a proxy holding the stream back.
 */
export class StreamWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private answered = false;
  private flowing = false;

  constructor(private readonly onSilence: (error: StreamStalledError | StreamHeldBackError) => void) {}

  /** The server answered 200: from now on, silence points at the path between us. */
  answeredOk(): void {
    this.answered = true;
  }

  /** Something arrived (event, heartbeat, comment): start the count again. */
  heard(silenceMs: number): void {
    this.flowing = true;
    this.arm(silenceMs);
  }

  arm(silenceMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.onSilence(this.answered && !this.flowing ? new StreamHeldBackError() : new StreamStalledError()),
      silenceMs,
    );
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
