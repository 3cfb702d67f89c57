import { formatCursorSegment } from '../../../contracts/cursor';
import type { BusEvent } from './bus-event';

/**
 * SSE frames as they go on the wire. Once Nest has sent a stream's headers, frames are
 * written to the socket directly, so the HTTP/1.1 chunk framing is ours to add.
 */

/** Stands for the event's own channel position inside a cursor context (never in a cursor). */
export const CONTEXT_HOLE = '\u0000';

/** One SSE event as text. Types and cursors never hold line breaks; data is one JSON line. */
export function frameText(type: string, id: string, json: string, retryMs?: number): string {
  const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
  return `event: ${type}\nid: ${id}\n${retry}data: ${json}\n\n`;
}

/** Wraps bytes in one HTTP/1.1 chunk when the response uses chunked transfer encoding. */
export function wireText(frame: string, chunked: boolean): string {
  return chunked ? `${Buffer.byteLength(frame).toString(16)}\r\n${frame}\r\n` : frame;
}

/**
 * The bytes of the event being fanned out, shared by every stream whose cursor reads the
 * same around that event's channel. Fan-out delivers one event to all its streams in a
 * row, so remembering that one event is enough: each distinct cursor is built, framed and
 * encoded once per event rather than once per stream, and streams write the same Buffer.
 */
class SharedFrames {
  private event: BusEvent | undefined;
  private segment = '';
  private readonly chunked = new Map<string, Buffer>();
  private readonly plain = new Map<string, Buffer>();

  /** The event's own cursor segment, the same for every stream. */
  segmentOf(event: BusEvent): string {
    this.select(event);
    return this.segment;
  }

  /**
   * `key` is either a whole cursor, or a cursor context with CONTEXT_HOLE where this
   * event's segment goes.
   */
  bytes(event: BusEvent, key: string, chunked: boolean): Buffer {
    this.select(event);
    const cache = chunked ? this.chunked : this.plain;
    let bytes = cache.get(key);
    if (bytes === undefined) {
      const cursor = key.includes(CONTEXT_HOLE) ? key.replace(CONTEXT_HOLE, () => this.segment) : key;
      bytes = Buffer.from(wireText(frameText(event.type, cursor, event.json), chunked));
      cache.set(key, bytes);
    }
    return bytes;
  }

  private select(event: BusEvent): void {
    if (event === this.event) {
      return;
    }
    this.forget();
    this.event = event;
    this.segment = event.ephemeral ? '' : formatCursorSegment(event.channel, event);
    // A fan-out runs in one go: once it is over, the frames need not wait for the next event.
    queueMicrotask(() => {
      if (this.event === event) {
        this.forget();
      }
    });
  }

  private forget(): void {
    this.event = undefined;
    this.chunked.clear();
    this.plain.clear();
  }
}

export const sharedFrames = new SharedFrames();
