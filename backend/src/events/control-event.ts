import type { EventType, ServerEventMap } from '../../../contracts/events';

/**
 * Stream control events (stream.ready, heartbeat, reset, …) belong to the
 * connection, not to a channel: same envelope, with an empty id and channel.
 */
export function controlEventJson<T extends EventType>(type: T, data: ServerEventMap[T], now = new Date()): string {
  return JSON.stringify({ id: '', channel: '', type, timestamp: now.toISOString(), userId: null, data });
}
