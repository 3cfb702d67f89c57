import type { Call, CallResponse } from '../../../contracts/calls';
import type { EventEnvelope, EventType } from '../../../contracts/events';
import type { SseClient } from './sse-client';
import type { ApiUser } from './api';

export const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

/** The data of every event of this type the stream received, in order. */
export function dataOf<T extends EventType>(client: SseClient, type: T): Array<EventEnvelope<T>['data']> {
  return client.ofType(type).map((event) => (event.envelope as EventEnvelope<T>).data);
}

/** Waits for an event of this type whose data matches. */
export async function waitForData<T extends EventType>(
  client: SseClient,
  type: T,
  matches: (data: EventEnvelope<T>['data']) => boolean,
  timeoutMs?: number,
): Promise<EventEnvelope<T>['data']> {
  await client.waitFor(
    (events) => events.some((event) => event.type === type && matches((event.envelope as EventEnvelope<T>).data)),
    type,
    timeoutMs,
  );
  return dataOf(client, type).find(matches)!;
}

export async function offer(caller: ApiUser, callee: ApiUser, media: 'audio' | 'video' = 'video'): Promise<Call> {
  const response = await caller.api
    .post('/api/calls/offer')
    .send({ calleeId: callee.id, media, sdp: SDP, deviceId: 'caller-tab' })
    .expect(201);
  return (response.body as CallResponse).call;
}

/** Two users who share a board, so they may call each other. */
export async function collaborators(owner: ApiUser, others: ApiUser[]): Promise<void> {
  const board = await owner.createBoard('Calls');
  for (const other of others) {
    await owner.addMember(board.id, other);
  }
}
