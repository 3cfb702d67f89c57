import { Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import { bypassServiceWorker } from '../../pwa/sw-bypass';
import type { StreamRequest } from '../realtime-client';
import { type FetchFn, type SseFrame, readEventStream } from './fetch-sse';
import { type PollAnswer, fetchPoll } from './long-poll';

/**
 * The two ways events reach the tab, as the realtime client drives them. One seam, so unit
 * tests play the server in step with their fake timers (testing/fake-event-source.ts).
 */
// Streams and polls skip the service worker: it would relay every chunk and could outlive an abort.
@Injectable({ providedIn: 'root', useFactory: () => new FetchEventTransport((url, init) => fetch(url, bypassServiceWorker(init))) })
export abstract class EventTransport {
  /** A Server-Sent Events stream of the request's channels, resuming after its cursor. */
  abstract stream(request: StreamRequest): Observable<SseFrame>;
  /** One long poll; `waitSeconds` 0 answers at once. */
  abstract poll(request: StreamRequest, waitSeconds: number): Observable<PollAnswer>;
}

export class FetchEventTransport extends EventTransport {
  constructor(private readonly fetchFn: FetchFn) {
    super();
  }

  stream(request: StreamRequest): Observable<SseFrame> {
    return readEventStream(this.fetchFn, request);
  }

  poll(request: StreamRequest, waitSeconds: number): Observable<PollAnswer> {
    return fetchPoll(this.fetchFn, request, waitSeconds);
  }
}
