import { StreamHeldBackError, StreamStalledError } from './transport-errors';

/**
 * Times a stream's silence. Silence on a stream that had been flowing is a dead connection;
 * silence from the very first byte is either a dead network or something on the way holding
 * the stream back (with or without its headers: proxies do both); a poll tells them apart.
 */
export class StreamWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flowing = false;

  constructor(private readonly onSilence: (error: StreamStalledError | StreamHeldBackError) => void) {}

  /** Something arrived (event, heartbeat, comment, retry): start the count again. */
  heard(silenceMs: number): void {
    this.flowing = true;
    this.arm(silenceMs);
  }

  arm(silenceMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onSilence(this.flowing ? new StreamStalledError() : new StreamHeldBackError()), silenceMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
