import { InjectionToken } from '@angular/core';

/** The part of EventSource the realtime client uses, so tests can hand it a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.CLOSED: the browser gave up and will not retry on its own. */
export const EVENT_SOURCE_CLOSED = 2;

export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  // Same origin: the HttpOnly session cookie goes along without withCredentials.
  factory: () => (url: string) => new EventSource(url),
});
