import type { RedisClient } from '../redis/redis-client';
import type { CallMedia, CallState } from '../../../contracts/calls';
import { type AppConfig } from '../config/app-config';
import { type RedisService } from '../redis/redis.service';
import { ANSWER, END, OFFER } from './calls.redis.scripts';
import {
  type CallRecord,
  CallsRepository,
  ENDED_CALL_TTL_MS,
  type EndReasons,
  HISTORY_PER_USER,
  type OfferOutcome,
  type TransitionOutcome,
} from './calls.repository';

// Every key of the calls state machine shares one hash tag, so each transition script is
// single-slot: busy and glare need the caller's and the callee's "current call" and up to two
// calls in one atomic step, and a user's current call may be with anyone. On Redis Cluster this
// puts all call state on one slot (one node). To spread it, the cluster issue must split the
// offer in two: reserve both users' current-call keys (each under its own {user:…} tag) with
// SET NX in a fixed order, then create the call under the call's own tag, undoing the reservation
// when the second step fails — answer and end then touch one call's keys only.
const TAG = '{calls}';
const callKey = (id: string): string => `calls:${TAG}:call:${id}`;
const currentKey = (userId: string): string => `calls:${TAG}:current:${userId}`;
const historyKey = (userId: string): string => `calls:${TAG}:history:${userId}`;
/** Ringing call id → ring deadline (ms), swept by every pod. */
const RINGING = `calls:${TAG}:ringing`;
/** Ringing and active call ids, watched for parties who vanished. */
const LIVE = `calls:${TAG}:live`;

/** Redis adapter: one Lua script per transition; any pod can serve any request. */
export class RedisCallsRepository extends CallsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService, _config: AppConfig) {
    super();
    this.redis = redis.client;
  }

  async offer(candidate: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome> {
    const { id, callerId, calleeId } = candidate;
    const nowMs = Date.parse(candidate.createdAt);
    // The script needs the key of the caller's current call (a glare candidate) as a key; it
    // checks the id read here is still current and asks again when it moved meanwhile.
    for (let attempt = 0; ; attempt++) {
      const current = (await this.redis.get(currentKey(callerId))) ?? '';
      const reply = await OFFER.run(
        this.redis,
        [
          callKey(id),
          currentKey(callerId),
          currentKey(calleeId),
          callKey(current || id),
          RINGING,
          LIVE,
          historyKey(callerId),
          historyKey(calleeId),
        ],
        [
          JSON.stringify({ ...candidate, state: 'ringing' }),
          id,
          callerId,
          calleeId,
          current,
          candidate.createdAt,
          ringDeadlineMs,
          nowMs,
          ENDED_CALL_TTL_MS,
          HISTORY_PER_USER,
        ],
      );
      switch (reply[0]) {
        case 'retry':
          if (attempt >= 5) {
            throw new Error('The caller’s current call kept changing during an offer');
          }
          continue;
        case 'created':
          return { kind: 'created', call: parse(reply[1]) };
        case 'busy':
          return { kind: 'busy', call: parse(reply[1]) };
        case 'in_call':
          return { kind: 'in_call', currentId: reply[1] };
        case 'glare_won':
          return { kind: 'glare_won', call: parse(reply[1]), ended: parse(reply[2]) };
        case 'glare_lost':
          return { kind: 'glare_lost', call: parse(reply[1]), survivorId: reply[2] };
        default:
          throw new Error(`Unexpected offer outcome ${reply[0]}`);
      }
    }
  }

  async answer(callId: string, deviceId: string, at: string): Promise<TransitionOutcome> {
    return transition(await ANSWER.run(this.redis, [callKey(callId), RINGING], [deviceId, at]));
  }

  async end(callId: string, reasons: EndReasons, at: string): Promise<TransitionOutcome> {
    const call = await this.find(callId);
    if (!call) {
      return { kind: 'missing' };
    }
    // The parties never change, so the keys read from the call here are the ones the script needs.
    const reply = await END.run(
      this.redis,
      [
        callKey(callId),
        currentKey(call.callerId),
        currentKey(call.calleeId),
        RINGING,
        LIVE,
        historyKey(call.callerId),
        historyKey(call.calleeId),
      ],
      [reasons.ringing ?? '', reasons.active ?? '', at, Date.parse(at), ENDED_CALL_TTL_MS, HISTORY_PER_USER, callId],
    );
    return transition(reply);
  }

  async find(callId: string): Promise<CallRecord | undefined> {
    const raw = await this.redis.get(callKey(callId));
    return raw === null ? undefined : parse(raw);
  }

  async current(userId: string): Promise<CallRecord | undefined> {
    const id = await this.redis.get(currentKey(userId));
    return id === null ? undefined : this.find(id);
  }

  async history(userId: string, beforeMs: number | undefined, limit: number): Promise<CallRecord[]> {
    const ids = await this.redis.zrevrangebyscore(
      historyKey(userId),
      beforeMs === undefined ? '+inf' : `(${beforeMs}`,
      '-inf',
      'LIMIT',
      0,
      limit,
    );
    return this.many(ids);
  }

  async dueRinging(nowMs: number): Promise<string[]> {
    return this.redis.zrangebyscore(RINGING, '-inf', nowMs, 'LIMIT', 0, 500);
  }

  async live(): Promise<CallRecord[]> {
    return (await this.many(await this.redis.smembers(LIVE))).filter((call) => call.state !== 'ended');
  }

  private async many(ids: string[]): Promise<CallRecord[]> {
    if (ids.length === 0) {
      return [];
    }
    const raws = await this.redis.mget(ids.map(callKey));
    return raws.flatMap((raw) => (raw === null ? [] : [parse(raw)]));
  }
}

function transition(reply: string[]): TransitionOutcome {
  switch (reply[0]) {
    case 'ok':
      return { kind: 'ok', call: parse(reply[1]) };
    case 'conflict':
      return { kind: 'conflict', call: parse(reply[1]) };
    case 'missing':
      return { kind: 'missing' };
    default:
      throw new Error(`Unexpected call transition outcome ${reply[0]}`);
  }
}

/** cjson may reorder keys and drops nothing we set: this restores the one shape. */
function parse(raw: string): CallRecord {
  const stored = JSON.parse(raw) as Partial<Record<keyof CallRecord, unknown>>;
  const optional = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const record: CallRecord = {
    id: String(stored.id),
    callerId: String(stored.callerId),
    calleeId: String(stored.calleeId),
    media: stored.media as CallMedia,
    state: stored.state as CallState,
    createdAt: String(stored.createdAt),
  };
  const extras: Array<[keyof CallRecord, string | undefined]> = [
    ['answeredAt', optional(stored.answeredAt)],
    ['endedAt', optional(stored.endedAt)],
    ['endReason', optional(stored.endReason)],
    ['answeredDeviceId', optional(stored.answeredDeviceId)],
    ['callerDeviceId', optional(stored.callerDeviceId)],
  ];
  for (const [key, value] of extras) {
    if (value !== undefined) {
      (record as unknown as Record<string, string>)[key] = value;
    }
  }
  return record;
}
