import { expect } from '@jest/globals';
import type { Call } from '../../contracts/calls';
import { ApiUser } from './support/api';
import { collaborators, dataOf, offer, SDP, waitForData } from './support/calls';
import { type PodProcess, startPodProcess } from './support/pod-process';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const RING_TIMEOUT_MS = 4000;

describe('calls across two pods on one Redis', () => {
  let redis: RedisServer;
  let podA: TestApp;
  let podB: TestApp;
  let watcher: ApiUser;
  let watcherTab: SseClient;
  const streams: SseClient[] = [];

  const open = async (url: string, user: ApiUser): Promise<SseClient> => {
    const client = await SseClient.open(url, { token: user.token });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  /** Two collaborators, `caller` talking to pod A and `callee` to pod B, each with a tab on their pod. */
  const pair = async (prefix: string) => {
    const [caller, calleeOnA] = await Promise.all([ApiUser.register(podA.url, `${prefix}a`), ApiUser.register(podA.url, `${prefix}b`)]);
    // The watcher shares the board: a third party who must see nothing of the call.
    await collaborators(caller, [calleeOnA, watcher]);
    const callee = calleeOnA.on(podB.url);
    return { caller, callee, callerTab: await open(podA.url, caller), calleeTab: await open(podB.url, callee) };
  };

  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, WRITE_RATE_LIMIT: '100000', CALL_RING_TIMEOUT_MS: String(RING_TIMEOUT_MS) };
    [podA, podB] = await Promise.all([startTestApp(env), startTestApp(env)]);
    watcher = await ApiUser.register(podA.url, 'watch');
    watcherTab = await open(podB.url, watcher.on(podB.url));
  });

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    await Promise.all([podA?.close(), podB?.close()]);
    await redis?.stop();
  });

  it('rings on the other pod, answers, trickles ICE in batches and hangs up on both', async () => {
    const { caller, callee, callerTab, calleeTab } = await pair('ok');
    const call = await offer(caller, callee);
    expect((await waitForData(calleeTab, 'call.offer', (data) => data.call.id === call.id)).sdp).toBe(SDP);

    await callee.api.post('/api/calls/answer').send({ callId: call.id, sdp: 'answer', deviceId: 'b1' }).expect(200);
    expect(await waitForData(callerTab, 'call.answer', (data) => data.callId === call.id)).toEqual({
      callId: call.id,
      sdp: 'answer',
      deviceId: 'b1',
    });
    await waitForData(calleeTab, 'call.answered', (data) => data.callId === call.id);
    await waitForData(callerTab, 'call.answered', (data) => data.callId === call.id);

    const batches = [
      [{ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }],
      [
        { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host', sdpMid: '1', sdpMLineIndex: 1 },
        { candidate: 'candidate:3 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active', sdpMid: '0', sdpMLineIndex: 0 },
      ],
      [],
    ];
    for (const candidates of batches) {
      await caller.api.post('/api/calls/ice-candidate').send({ callId: call.id, candidates }).expect(204);
    }
    await calleeTab.waitFor((events) => events.filter((event) => event.type === 'call.ice-candidate').length >= 3, '3 ICE batches');
    expect(dataOf(calleeTab, 'call.ice-candidate').map((data) => data.candidates)).toEqual(batches);
    expect(dataOf(calleeTab, 'call.ice-candidate').every((data) => data.fromDeviceId === 'caller-tab')).toBe(true);

    await caller.api.post('/api/calls/end').send({ callId: call.id }).expect(204);
    for (const tab of [callerTab, calleeTab]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === call.id)).toEqual({ callId: call.id, reason: 'hangup' });
    }
  });

  it('declines and cancels across pods', async () => {
    const { caller, callee, callerTab, calleeTab } = await pair('dc');
    const declined = await offer(caller, callee, 'audio');
    await callee.api.post('/api/calls/decline').send({ callId: declined.id }).expect(204);
    expect(await waitForData(callerTab, 'call.ended', (data) => data.callId === declined.id)).toEqual({
      callId: declined.id,
      reason: 'declined',
    });

    const cancelled = await offer(caller, callee, 'audio');
    await waitForData(calleeTab, 'call.offer', (data) => data.call.id === cancelled.id);
    await caller.api.post('/api/calls/end').send({ callId: cancelled.id }).expect(204);
    expect(await waitForData(calleeTab, 'call.ended', (data) => data.callId === cancelled.id)).toEqual({
      callId: cancelled.id,
      reason: 'cancelled',
    });
  });

  it('answers busy (409) to a second caller and leaves the callee a missed-call notification', async () => {
    const { caller, callee, calleeTab } = await pair('bz');
    const third = await ApiUser.register(podB.url, 'bzc');
    await collaborators(third, [callee]);
    const call = await offer(caller, callee);
    const busy = await third.api.post('/api/calls/offer').send({ calleeId: callee.id, media: 'video', sdp: SDP }).expect(409);
    expect(busy.body).toMatchObject({ reason: 'busy' });
    expect(await waitForData(calleeTab, 'notification', (data) => data.kind === 'missed_call')).toMatchObject({
      reason: 'busy',
      from: { id: third.id },
    });
    await caller.api.post('/api/calls/end').send({ callId: call.id }).expect(204);
  });

  it('lets exactly one of two racing answers from two devices on two pods win', async () => {
    const { caller, callee, callerTab, calleeTab } = await pair('race');
    const otherDevice = await open(podA.url, callee.on(podA.url));
    const call = await offer(caller, callee);
    const [onA, onB] = await Promise.all([
      callee.on(podA.url).api.post('/api/calls/answer').send({ callId: call.id, sdp: 'from-a', deviceId: 'dev-a' }),
      callee.api.post('/api/calls/answer').send({ callId: call.id, sdp: 'from-b', deviceId: 'dev-b' }),
    ]);
    expect([onA.status, onB.status].sort()).toEqual([200, 409]);
    const winner = onA.status === 200 ? 'dev-a' : 'dev-b';
    for (const tab of [callerTab, calleeTab, otherDevice]) {
      expect(await waitForData(tab, 'call.answered', (data) => data.callId === call.id)).toEqual({ callId: call.id, deviceId: winner });
    }
    expect(dataOf(callerTab, 'call.answer').filter((data) => data.callId === call.id)).toHaveLength(1);
    expect(((await caller.api.get(`/api/calls/${call.id}`).expect(200)).body as Call).answeredDeviceId).toBe(winner);
    await caller.api.post('/api/calls/end').send({ callId: call.id }).expect(204);
  });

  it('settles glare between offers on two pods: one call survives, the other ends naming it', async () => {
    const { caller, callee, callerTab, calleeTab } = await pair('gl');
    const [fromA, fromB] = await Promise.all([
      caller.api.post('/api/calls/offer').send({ calleeId: callee.id, media: 'video', sdp: SDP }),
      callee.api.post('/api/calls/offer').send({ calleeId: caller.id, media: 'video', sdp: SDP }),
    ]);
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    const calls = [fromA.body as { call: Call }, fromB.body as { call: Call }].map((body) => body.call);
    const survivor = [...calls].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    const loser = calls.find((call) => call.id !== survivor.id)!;
    for (const tab of [callerTab, calleeTab]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === loser.id)).toEqual({
        callId: loser.id,
        reason: 'glare',
        survivorId: survivor.id,
      });
    }
    expect(((await caller.api.get(`/api/calls/${survivor.id}`).expect(200)).body as Call).state).toBe('ringing');
    expect(dataOf(callerTab, 'call.ended').filter((data) => data.callId === survivor.id)).toEqual([]);
    await caller.api.post('/api/calls/end').send({ callId: survivor.id }).expect(204);
  });

  it('rings out as missed once, though every pod sweeps, with one missed-call notification', async () => {
    const { caller, callee, callerTab, calleeTab } = await pair('miss');
    const call = await offer(caller, callee, 'audio');
    for (const tab of [callerTab, calleeTab]) {
      expect(await waitForData(tab, 'call.ended', (data) => data.callId === call.id, RING_TIMEOUT_MS + 10_000)).toEqual({
        callId: call.id,
        reason: 'missed',
      });
    }
    await waitForData(calleeTab, 'notification', (data) => data.kind === 'missed_call' && data.callId === call.id);
    // Both pods have swept several times since; the outcome was announced once.
    await callee.api.post('/api/events/ping').send({ clientTime: 1 }).expect(204);
    await calleeTab.waitForType('pong');
    expect(dataOf(calleeTab, 'call.ended').filter((data) => data.callId === call.id)).toHaveLength(1);
    expect(dataOf(calleeTab, 'notification').filter((data) => data.kind === 'missed_call' && data.callId === call.id)).toHaveLength(1);
  });

  it('answers 404 to non-parties on every call endpoint and leaks no call events to a third party', async () => {
    const { caller, callee } = await pair('np');
    const call = await offer(caller, callee);
    const outsider = watcher.on(podB.url);
    await outsider.api.get(`/api/calls/${call.id}`).expect(404);
    await outsider.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'x' }).expect(404);
    await outsider.api.post('/api/calls/ice-candidate').send({ callId: call.id, candidates: [] }).expect(404);
    await outsider.api.post('/api/calls/decline').send({ callId: call.id }).expect(404);
    await outsider.api.post('/api/calls/end').send({ callId: call.id }).expect(404);
    const stranger = await ApiUser.register(podB.url, 'np-str');
    await stranger.api.post('/api/calls/offer').send({ calleeId: caller.id, media: 'audio', sdp: SDP }).expect(403);
    await caller.api.post('/api/calls/end').send({ callId: call.id }).expect(204);

    await outsider.api.post('/api/events/ping').send({ clientTime: 2 }).expect(204);
    await watcherTab.waitForType('pong');
    expect(
      watcherTab.ofType('call.offer').length + watcherTab.ofType('call.ended').length + watcherTab.ofType('call.answered').length,
    ).toBe(0);
    expect(watcherTab.events.filter((event) => event.type.startsWith('call.'))).toEqual([]);
  });
});

describe('calls when the pod holding a party’s only stream is killed', () => {
  let redis: RedisServer;
  const pods: PodProcess[] = [];
  const streams: SseClient[] = [];

  afterAll(async () => {
    for (const client of streams) {
      client.close();
    }
    for (const pod of pods) {
      pod.child.kill('SIGKILL');
    }
    await Promise.all(pods.map((pod) => pod.exited));
    await redis?.stop();
  });

  it('ends the call with connection_lost on the other party’s stream within 15 s', async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, PRESENCE_LEASE_MS: '2000', PRESENCE_GRACE_MS: '2000' };
    pods.push(await startPodProcess(env), await startPodProcess(env));
    const [survivor, doomed] = pods;
    const caller = await ApiUser.register(survivor.url, 'kil');
    const callee = await ApiUser.register(survivor.url, 'led');
    await collaborators(caller, [callee]);
    const callerTab = await SseClient.open(doomed.url, { token: caller.token });
    const calleeTab = await SseClient.open(survivor.url, { token: callee.token });
    streams.push(callerTab, calleeTab);
    await Promise.all([callerTab.waitForType('stream.ready'), calleeTab.waitForType('stream.ready')]);

    const call = await offer(caller, callee);
    await callee.api.post('/api/calls/answer').send({ callId: call.id, sdp: SDP, deviceId: 'b' }).expect(200);
    await waitForData(callerTab, 'call.answer', (data) => data.callId === call.id);

    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    expect(await waitForData(calleeTab, 'call.ended', (data) => data.callId === call.id, 15_000)).toEqual({
      callId: call.id,
      reason: 'connection_lost',
    });
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(15_000);
    console.info(`connection_lost reached the other party ${tookMs} ms after SIGKILL (lease and grace 2 s)`);
    expect(((await callee.api.get('/api/calls?state=active').expect(200)).body as { calls: Call[] }).calls).toEqual([]);
  }, 60_000);
});
