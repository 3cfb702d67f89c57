import { expect } from '@jest/globals';
import type { ActiveCalls, Call, CallConfig, CallHistoryPage } from '../../contracts/calls';
import type { NotificationList } from '../../contracts/chat';
import { MAX_ICE_CANDIDATES_PER_BATCH, MAX_SDP_LENGTH } from '../../contracts/calls';
import { ApiUser } from './support/api';
import { collaborators, dataOf, offer, SDP, waitForData } from './support/calls';
import { errorOf } from './support/http';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

describe('calls in memory mode', () => {
  let app: TestApp;
  const streams: SseClient[] = [];

  const open = async (user: ApiUser): Promise<SseClient> => {
    const client = await SseClient.open(app.url, { token: user.token });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };
  const users = async (...prefixes: string[]): Promise<ApiUser[]> =>
    Promise.all(prefixes.map((prefix) => ApiUser.register(app.url, prefix)));

  beforeAll(async () => {
    app = await startTestApp({ CALL_RATE_LIMIT: '40', PRESENCE_GRACE_MS: '300', WRITE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    await app?.close();
  });

  it('gives the app its ICE servers and ring timeout', async () => {
    const [ann] = await users('cfg');
    const config = (await ann.api.get('/api/calls/config').expect(200)).body as CallConfig;
    expect(config).toEqual({ iceServers: [], ringTimeoutMs: 30000 });
  });

  it('rings every tab of the callee, connects on answer, refuses a second answer and hangs up on both', async () => {
    const [ann, ben] = await users('ann', 'ben');
    await collaborators(ann, [ben]);
    const annTab = await open(ann);
    const [benTab1, benTab2] = [await open(ben), await open(ben)];

    const call = await offer(ann, ben);
    expect(call).toMatchObject({ callerId: ann.id, calleeId: ben.id, media: 'video', state: 'ringing' });
    for (const tab of [benTab1, benTab2]) {
      const ring = await waitForData(tab, 'call.offer', (data) => data.call.id === call.id);
      expect(ring).toMatchObject({ sdp: SDP, from: { id: ann.id, username: ann.username } });
    }

    const answered = await ben.api.post('/api/calls/answer').send({ callId: call.id, sdp: 'answer-sdp', deviceId: 'ben-1' }).expect(200);
    expect((answered.body as { call: Call }).call).toMatchObject({ state: 'active', answeredDeviceId: 'ben-1' });
    expect(await waitForData(annTab, 'call.answer', (data) => data.callId === call.id)).toEqual({
      callId: call.id,
      sdp: 'answer-sdp',
      deviceId: 'ben-1',
    });
    for (const tab of [annTab, benTab1, benTab2]) {
      await waitForData(tab, 'call.answered', (data) => data.callId === call.id && data.deviceId === 'ben-1');
    }
    const second = await ben.api.post('/api/calls/answer').send({ callId: call.id, sdp: 'again', deviceId: 'ben-2' }).expect(409);
    expect(errorOf(second).message).toMatch(/answered already/);

    await ann.api
      .post('/api/calls/ice-candidate')
      .send({ callId: call.id, candidates: [{ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }] })
      .expect(204);
    await ben.api.post('/api/calls/ice-candidate').send({ callId: call.id, candidates: [] }).expect(204);
    const toBen = await waitForData(benTab1, 'call.ice-candidate', (data) => data.callId === call.id);
    expect(toBen).toEqual({
      callId: call.id,
      candidates: [{ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }],
      fromDeviceId: 'caller-tab',
    });
    expect(await waitForData(annTab, 'call.ice-candidate', (data) => data.callId === call.id)).toEqual({
      callId: call.id,
      candidates: [],
      fromDeviceId: 'ben-1',
    });

    const active = (await ben.api.get('/api/calls?state=active').expect(200)).body as ActiveCalls;
    expect(active.calls.map((found) => [found.id, found.peer.id])).toEqual([[call.id, ann.id]]);

    await ben.api.post('/api/calls/end').send({ callId: call.id }).expect(204);
    for (const tab of [annTab, benTab1]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === call.id)).toEqual({ callId: call.id, reason: 'hangup' });
    }
    expect(((await ann.api.get(`/api/calls/${call.id}`).expect(200)).body as Call).state).toBe('ended');
    expect(((await ann.api.get('/api/calls?state=active').expect(200)).body as ActiveCalls).calls).toEqual([]);
    const history = (await ann.api.get('/api/calls/history').expect(200)).body as CallHistoryPage;
    expect(history.calls[0]).toMatchObject({ id: call.id, endReason: 'hangup', peer: { id: ben.id } });
  });

  it('declines (callee only) and cancels (caller, while ringing)', async () => {
    const [ann, ben] = await users('dec', 'lin');
    await collaborators(ann, [ben]);
    const annTab = await open(ann);
    const benTab = await open(ben);

    const first = await offer(ann, ben, 'audio');
    await ann.api.post('/api/calls/decline').send({ callId: first.id }).expect(403);
    await ben.api.post('/api/calls/decline').send({ callId: first.id }).expect(204);
    expect(await waitForData(annTab, 'call.ended', (data) => data.callId === first.id)).toEqual({ callId: first.id, reason: 'declined' });
    await waitForData(benTab, 'call.ended', (data) => data.callId === first.id);
    await ben.api.post('/api/calls/answer').send({ callId: first.id, sdp: SDP, deviceId: 'late' }).expect(409);

    const second = await offer(ann, ben, 'audio');
    await ann.api.post('/api/calls/end').send({ callId: second.id }).expect(204);
    expect(await waitForData(benTab, 'call.ended', (data) => data.callId === second.id)).toEqual({
      callId: second.id,
      reason: 'cancelled',
    });
  });

  it('refuses yourself (400), strangers (403), a busy callee (409 + missed-call notification) and keeps third parties out', async () => {
    const [ann, ben, cat, stranger] = await users('own', 'two', 'thr', 'str');
    await collaborators(ann, [ben, cat]);
    const strangerTab = await open(stranger);
    const benTab = await open(ben);
    await open(ann);

    expect(
      errorOf(await ann.api.post('/api/calls/offer').send({ calleeId: ann.id, media: 'audio', sdp: SDP }).expect(400)).message,
    ).toMatch(/yourself/);
    await stranger.api.post('/api/calls/offer').send({ calleeId: ann.id, media: 'audio', sdp: SDP }).expect(403);
    await ann.api.post('/api/calls/offer').send({ calleeId: '6c4f2d8e-1b7a-4c3e-9f1d-2a5b8c7d9e0f', media: 'audio', sdp: SDP }).expect(403);

    const call = await offer(ann, ben);
    const busy = await cat.api.post('/api/calls/offer').send({ calleeId: ben.id, media: 'audio', sdp: SDP }).expect(409);
    expect(busy.body).toMatchObject({ reason: 'busy' });
    const notice = await waitForData(benTab, 'notification', (data) => data.kind === 'missed_call');
    expect(notice).toMatchObject({ kind: 'missed_call', reason: 'busy', media: 'audio', from: { id: cat.id } });
    const bell = (await ben.api.get('/api/notifications').expect(200)).body as NotificationList;
    expect(bell.notifications.some((item) => item.kind === 'missed_call')).toBe(true);

    await stranger.api.get(`/api/calls/${call.id}`).expect(404);
    await stranger.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'x' }).expect(404);
    await stranger.api.post('/api/calls/end').send({ callId: call.id }).expect(404);
    await stranger.api.post('/api/calls/ice-candidate').send({ callId: call.id, candidates: [] }).expect(404);
    await ann.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'x' }).expect(403);
    await ann.api.post('/api/calls/end').send({ callId: call.id }).expect(204);
    await stranger.api.post('/api/events/ping').send({ clientTime: 1 }).expect(204);
    await strangerTab.waitForType('pong');
    expect(strangerTab.ofType('call.offer').concat(strangerTab.ofType('call.ended'))).toEqual([]);
  });

  it('validates bodies with one message per field', async () => {
    const [ann, ben] = await users('val', 'idt');
    await collaborators(ann, [ben]);
    const tooLong = await ann.api
      .post('/api/calls/offer')
      .send({ calleeId: ben.id, media: 'audio', sdp: 'x'.repeat(MAX_SDP_LENGTH + 1) })
      .expect(400);
    expect(errorOf(tooLong).message).toEqual([`sdp must be 1 to ${MAX_SDP_LENGTH} characters`]);
    const bad = await ann.api.post('/api/calls/offer').send({ calleeId: 'nope', media: 'screen', sdp: '' }).expect(400);
    expect(errorOf(bad).message).toEqual(
      expect.arrayContaining([
        'calleeId must be a user id',
        'media must be audio or video',
        `sdp must be 1 to ${MAX_SDP_LENGTH} characters`,
      ]),
    );
    // The longest SDP fits through the body limit.
    const call = await ann.api
      .post('/api/calls/offer')
      .send({ calleeId: ben.id, media: 'audio', sdp: 'x'.repeat(MAX_SDP_LENGTH) })
      .expect(201);
    const callId = (call.body as { call: Call }).call.id;
    const many = Array.from({ length: MAX_ICE_CANDIDATES_PER_BATCH + 1 }, () => ({ candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 }));
    const batch = await ann.api.post('/api/calls/ice-candidate').send({ callId, candidates: many }).expect(400);
    expect(errorOf(batch).message).toEqual([`candidates must hold at most ${MAX_ICE_CANDIDATES_PER_BATCH} per batch`]);
    await ann.api
      .post('/api/calls/ice-candidate')
      .send({ callId, candidates: [{ sdpMLineIndex: 'zero' }] })
      .expect(400);
    await ann.api.post('/api/calls/answer').send({ callId, sdp: SDP }).expect(400);
    await ann.api.get('/api/calls?state=ringing').expect(400);
    await ann.api.get('/api/calls/not-a-uuid').expect(400);
    await ann.api.post('/api/calls/end').send({ callId }).expect(204);
  });

  it('rate-limits signalling per user (429)', async () => {
    const [ann, ben] = await users('lim', 'its');
    await collaborators(ann, [ben]);
    await open(ann);
    const call = await offer(ann, ben);
    let status = 0;
    for (let i = 0; i < 41 && status !== 429; i++) {
      status = (await ann.api.post('/api/calls/ice-candidate').send({ callId: call.id, candidates: [] })).status;
    }
    expect(status).toBe(429);
    // Another user's budget is their own.
    await ben.api.post('/api/calls/decline').send({ callId: call.id }).expect(204);
  });

  it('settles glare on the lower call id: the other call ends with glare and names the survivor', async () => {
    const [ann, ben] = await users('gla', 're');
    await collaborators(ann, [ben]);
    const annTab = await open(ann);
    const benTab = await open(ben);
    const first = await offer(ann, ben);
    const second = await offer(ben, ann);
    const [survivor, loser] = first.id < second.id ? [first, second] : [second, first];
    for (const tab of [annTab, benTab]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === loser.id)).toEqual({
        callId: loser.id,
        reason: 'glare',
        survivorId: survivor.id,
      });
    }
    expect(((await ann.api.get(`/api/calls/${survivor.id}`).expect(200)).body as Call).state).toBe('ringing');
    await (survivor.calleeId === ann.id ? ann : ben).api
      .post('/api/calls/answer')
      .send({ callId: survivor.id, sdp: SDP, deviceId: 'd' })
      .expect(200);
  });

  it('ends the call with connection_lost when a party’s last stream closes, after the grace period', async () => {
    const [ann, ben] = await users('los', 'tt');
    await collaborators(ann, [ben]);
    const annTab = await open(ann);
    const benTab = await open(ben);
    const call = await offer(ann, ben);
    await ben.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'b' }).expect(200);
    annTab.close();
    expect(await waitForData(benTab, 'call.ended', (data) => data.callId === call.id, 10_000)).toEqual({
      callId: call.id,
      reason: 'connection_lost',
    });
    expect(dataOf(benTab, 'call.ended')).toHaveLength(1);
  });
});

describe('calls ringing out in memory mode', () => {
  let app: TestApp;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({ CALL_RING_TIMEOUT_MS: '800', WRITE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    await app?.close();
  });

  it('ends an unanswered call as missed and leaves a missed-call notification', async () => {
    const [ann, ben] = await Promise.all(['rin', 'gout'].map((prefix) => ApiUser.register(app.url, prefix)));
    await collaborators(ann, [ben]);
    for (const user of [ann, ben]) {
      const client = await SseClient.open(app.url, { token: user.token });
      streams.push(client);
      await client.waitForType('stream.ready');
    }
    const [annTab, benTab] = streams;
    const call = await offer(ann, ben, 'audio');
    for (const tab of [annTab, benTab]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === call.id)).toEqual({ callId: call.id, reason: 'missed' });
    }
    expect(await waitForData(benTab, 'notification', (data) => data.kind === 'missed_call')).toMatchObject({
      reason: 'missed',
      callId: call.id,
      from: { id: ann.id },
    });
    await ben.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'late' }).expect(409);
  });
});
