import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';

import type { PublicUser } from '@contracts/api';
import type {
  ActiveCalls,
  Call,
  CallAnswerRequest,
  CallConfig,
  CallHistoryPage,
  CallOfferRequest,
  CallResponse,
  IceCandidatesRequest,
} from '@contracts/calls';

/** The calls REST API (signalling in; events come back on the user channels). */
@Injectable({ providedIn: 'root' })
export class CallsApi {
  private readonly http = inject(HttpClient);

  /** ICE servers for RTCPeerConnection and the ring timeout. */
  config(): Observable<CallConfig> {
    return this.http.get<CallConfig>('/api/calls/config');
  }

  offer(request: CallOfferRequest): Observable<Call> {
    return this.http.post<CallResponse>('/api/calls/offer', request).pipe(map(({ call }) => call));
  }

  answer(request: CallAnswerRequest): Observable<unknown> {
    return this.http.post('/api/calls/answer', request);
  }

  iceCandidates(request: IceCandidatesRequest): Observable<void> {
    return this.http.post<void>('/api/calls/ice-candidate', request);
  }

  decline(callId: string): Observable<void> {
    return this.http.post<void>('/api/calls/decline', { callId });
  }

  end(callId: string): Observable<void> {
    return this.http.post<void>('/api/calls/end', { callId });
  }

  get(callId: string): Observable<Call> {
    return this.http.get<CallResponse | Call>(`/api/calls/${encodeURIComponent(callId)}`).pipe(map(unwrap));
  }

  /** My call in progress (ringing or active), with the other party, if any: a reloaded tab shows it. */
  active(): Observable<{ call: Call; peer: PublicUser } | null> {
    return this.http.get<ActiveCalls>('/api/calls', { params: new HttpParams().set('state', 'active') }).pipe(
      map(({ calls }) => {
        const [first] = calls;
        if (!first) {
          return null;
        }
        const { peer, ...call } = first;
        return { call, peer };
      }),
    );
  }

  /** Ended calls, newest first; `before` is the previous page's nextBefore. */
  history(before?: string): Observable<CallHistoryPage> {
    const params = before ? new HttpParams().set('before', before) : new HttpParams();
    return this.http.get<CallHistoryPage>('/api/calls/history', { params });
  }
}

function unwrap(body: CallResponse | Call): Call {
  return 'call' in body ? body.call : body;
}
