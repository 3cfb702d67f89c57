import type { RedisClient } from '../redis/redis-client';
import type { CallMedia, CallState } from '../../../contracts/calls';
import { type AppConfig } from '../config/app-config';
import { type RedisService } from '../redis/redis.service';
import { ANSWER, END, SWAP_CURRENT } from './calls.redis.scripts';
import {
  type CallRecord,
  CallsRepository,
  ENDED_CALL_TTL_MS,
  type EndReasons,
  HISTORY_PER_USER,
  type OfferOutcome,
  type TransitionOutcome,
} from './calls.repository';

// Each call on its own slot, each user's keys on the user's slot (beside their call streams), so
// calls spread over the cluster. No script or MULTI touches two of them: a transition is one script
// on the call's record, and its winner then updates the parties' keys. A user's "current call" is
// the lock an offer takes with SET NX, caller first; it points at a call record that always exists
// first, and a pointer at a call that is over (a pod died between two steps) counts as free.
const callKey = (id: string): string => `calls:{call:${id}}`;
const currentKey = (userId: string): string => `calls:{user:${userId}}:current`;
const historyKey = (userId: string): string => `calls:{user:${userId}}:history`;
// Two global singletons (names kept from before the cluster work), each only ever touched alone.
// Not hot: one write per offer and per answer or end, and one bounded read per sweep of each pod.
/** Ringing call id → ring deadline (ms), swept by every pod. */
const RINGING = 'calls:{calls}:ringing';
/** Ringing and active call ids, watched for parties who vanished. */
const LIVE = 'calls:{calls}:live';
/** How often an offer starts again when the caller's current call changed under it. */
const OFFER_ATTEMPTS = 6;

/** Redis adapter: one Lua script per transition; any pod can serve any request. */
export class RedisCallsRepository extends CallsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService, _config: AppConfig) {
    super();
    this.redis = redis.client;
  }

  async offer(candidate: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome> {
    for (let attempt = 0; attempt < OFFER_ATTEMPTS; attempt++) {
      const outcome = await this.tryOffer({ ...candidate, state: 'ringing' }, ringDeadlineMs);
      if (outcome) {
        return outcome;
      }
    }
    throw new Error('The caller’s current call kept changing during an offer');
  }

  async answer(callId: string, deviceId: string, at: string): Promise<TransitionOutcome> {
    const reply = await ANSWER.run(this.redis, [callKey(callId)], [deviceId, at]);
    if (reply[0] === 'ok') {
      await this.redis.zrem(RINGING, callId);
    }
    return transition(reply);
  }

  async end(callId: string, reasons: EndReasons, at: string): Promise<TransitionOutcome> {
    const outcome = transition(
      await END.run(this.redis, [callKey(callId)], [reasons.ringing ?? '', reasons.active ?? '', at, ENDED_CALL_TTL_MS]),
    );
    // The winner frees the parties. A conflict on a call that is over (or no longer ringing) does
    // the same idempotent steps again: it repairs what a pod that died after its transition left.
    if (outcome.kind === 'ok' || (outcome.kind === 'conflict' && outcome.call.state === 'ended')) {
      await this.release(outcome.call);
    } else if (outcome.kind === 'conflict' && outcome.call.state === 'active') {
      await this.redis.zrem(RINGING, callId);
    }
    return outcome;
  }

  async find(callId: string): Promise<CallRecord | undefined> {
    const raw = await this.redis.get(callKey(callId));
    return raw === null ? undefined : parse(raw);
  }

  async current(userId: string): Promise<CallRecord | undefined> {
    return (await this.currentCall(userId))?.call;
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
    const ids = await this.redis.smembers(LIVE);
    const calls = await Promise.all(ids.map((id) => this.find(id)));
    // A call over or gone stays listed only when a pod died before taking it off: take it off now.
    const over = ids.filter((_, index) => calls[index] === undefined || calls[index].state === 'ended');
    if (over.length > 0) {
      await this.redis.srem(LIVE, ...over);
    }
    return calls.filter((call): call is CallRecord => call !== undefined && call.state !== 'ended');
  }

  /** One pass of an offer; undefined when the caller's current call changed meanwhile (try again). */
  private async tryOffer(ringing: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome | undefined> {
    const { id, callerId, calleeId } = ringing;
    const current = await this.currentCall(callerId);
    if (current) {
      const other = current.call;
      if (!crossed(other, ringing)) {
        return { kind: 'in_call', currentId: current.id };
      }
      // Glare: both called each other. The lower call id survives.
      if (id < other.id) {
        return this.winGlare(ringing, other, ringDeadlineMs);
      }
      return { kind: 'glare_lost', call: await this.storeEnded(ringing, 'glare'), survivorId: other.id };
    }
    // Stored and on the ring timer before anyone's current call points at it: a pod that dies
    // halfway leaves a call the ring sweep ends (freeing its parties), never a party stuck in it.
    await this.ring(ringing, ringDeadlineMs);
    if ((await this.take(callerId, id)) !== undefined) {
      await this.forget(id);
      return undefined;
    }
    const held = await this.take(calleeId, id);
    if (held !== undefined) {
      if (crossed(held, ringing)) {
        return this.settleCrossedOffers(ringing, held);
      }
      await SWAP_CURRENT.run(this.redis, [currentKey(callerId)], [id, '']);
      await this.unring(id);
      return { kind: 'busy', call: await this.storeEnded(ringing, 'busy') };
    }
    return { kind: 'created', call: parse(JSON.stringify(ringing)) };
  }

  /** Ends the other call of a glare (if it is still ringing) and moves both parties to the new one. */
  private async winGlare(ringing: CallRecord, other: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome | undefined> {
    const reply = await END.run(this.redis, [callKey(other.id)], ['glare', '', ringing.createdAt, ENDED_CALL_TTL_MS]);
    if (reply[0] !== 'ok') {
      // Answered, declined or cancelled meanwhile: look again.
      return undefined;
    }
    const ended = parse(reply[1]);
    // Ending it made its parties ours to move: nobody else frees them.
    await this.ring(ringing, ringDeadlineMs);
    for (const userId of [ringing.callerId, ringing.calleeId]) {
      await SWAP_CURRENT.run(this.redis, [currentKey(userId)], [other.id, ringing.id]);
    }
    await this.unring(other.id);
    await this.keep(ended);
    return { kind: 'glare_won', call: parse(JSON.stringify(ringing)), ended };
  }

  /**
   * Glare where both offers got as far as their own caller: each side holds its caller, and each
   * finds the other's call on its callee. Both sides take the same steps, whichever runs first: the
   * higher id ends (one END wins, the other sees it ended), and its caller moves to the survivor.
   */
  private async settleCrossedOffers(mine: CallRecord, theirs: CallRecord): Promise<OfferOutcome> {
    const [survivor, loser] = mine.id < theirs.id ? [mine, theirs] : [theirs, mine];
    const reply = await END.run(this.redis, [callKey(loser.id)], ['glare', '', mine.createdAt, ENDED_CALL_TTL_MS]);
    const ended = reply[0] === 'missing' ? undefined : parse(reply[1]);
    if (ended?.state !== 'ended') {
      // The loser was answered first (or vanished): it stands, and a callee in a call means busy.
      if (loser === mine) {
        return { kind: 'created', call: ended ?? mine };
      }
      // My caller answered it: that call, not mine, is now theirs.
      await SWAP_CURRENT.run(this.redis, [currentKey(mine.callerId)], [mine.id, ended ? loser.id : '']);
      await this.unring(mine.id);
      return { kind: 'busy', call: await this.storeEnded(mine, 'busy') };
    }
    await SWAP_CURRENT.run(this.redis, [currentKey(loser.callerId)], [loser.id, survivor.id]);
    await this.unring(loser.id);
    await this.keep(ended);
    if (survivor === mine) {
      return { kind: 'glare_won', call: parse(JSON.stringify(mine)), ended };
    }
    return { kind: 'glare_lost', call: ended, survivorId: survivor.id };
  }

  /** The user's current call unless it is over: a pointer left at an ended or vanished call is cleared. */
  private async currentCall(userId: string): Promise<{ id: string; call: CallRecord } | undefined> {
    const id = await this.redis.get(currentKey(userId));
    if (id === null) {
      return undefined;
    }
    const call = await this.find(id);
    if (call && call.state !== 'ended') {
      return { id, call };
    }
    await SWAP_CURRENT.run(this.redis, [currentKey(userId)], [id, '']);
    return undefined;
  }

  /**
   * Makes the call the user's current one, unless another call that is not over is: that call is
   * the answer then. The pointer may hold this call already: the other side of crossed offers moves
   * its caller here when it loses.
   */
  private async take(userId: string, callId: string): Promise<CallRecord | undefined> {
    for (let attempt = 0; attempt < OFFER_ATTEMPTS; attempt++) {
      if ((await this.redis.set(currentKey(userId), callId, 'NX')) === 'OK') {
        return undefined;
      }
      const held = await this.currentCall(userId);
      if (held !== undefined) {
        return held.id === callId ? undefined : held.call;
      }
    }
    throw new Error('A party’s current call kept changing during an offer');
  }

  private async ring(ringing: CallRecord, ringDeadlineMs: number): Promise<void> {
    await this.redis.set(callKey(ringing.id), JSON.stringify(ringing));
    await Promise.all([this.redis.zadd(RINGING, ringDeadlineMs, ringing.id), this.redis.sadd(LIVE, ringing.id)]);
  }

  private async unring(callId: string): Promise<void> {
    await Promise.all([this.redis.zrem(RINGING, callId), this.redis.srem(LIVE, callId)]);
  }

  /** Takes back a call nobody saw: off the timer first, then the record. */
  private async forget(callId: string): Promise<void> {
    await this.unring(callId);
    await this.redis.del(callKey(callId));
  }

  /** A call that never rang (busy, glare lost), kept ended at its creation time like any ended call. */
  private async storeEnded(ringing: CallRecord, reason: 'busy' | 'glare'): Promise<CallRecord> {
    const ended: CallRecord = { ...ringing, state: 'ended', endedAt: ringing.createdAt, endReason: reason };
    await this.redis.set(callKey(ended.id), JSON.stringify(ended), 'PX', ENDED_CALL_TTL_MS);
    await this.keep(ended);
    return parse(JSON.stringify(ended));
  }

  /** Frees the parties of an ended call, takes it off the timer and the live set, and files it. */
  private async release(call: CallRecord): Promise<void> {
    await Promise.all([
      SWAP_CURRENT.run(this.redis, [currentKey(call.callerId)], [call.id, '']),
      SWAP_CURRENT.run(this.redis, [currentKey(call.calleeId)], [call.id, '']),
      this.unring(call.id),
      this.keep(call),
    ]);
  }

  /** Files an ended call in both parties' histories, keeping the newest HISTORY_PER_USER. */
  private async keep(call: CallRecord): Promise<void> {
    const endedAtMs = Date.parse(call.endedAt ?? call.createdAt);
    await Promise.all(
      [call.callerId, call.calleeId].map((userId) =>
        this.redis
          .multi()
          .zadd(historyKey(userId), endedAtMs, call.id)
          .zremrangebyrank(historyKey(userId), 0, -(HISTORY_PER_USER + 1))
          .exec(),
      ),
    );
  }

  private async many(ids: string[]): Promise<CallRecord[]> {
    // One GET per call, not an MGET: on a cluster each call lives on its own slot.
    const calls = await Promise.all(ids.map((id) => this.find(id)));
    return calls.filter((call): call is CallRecord => call !== undefined);
  }
}

/** Whether `other` is a ringing call between the same two people the other way round (glare). */
function crossed(other: CallRecord, ringing: CallRecord): boolean {
  return other.state === 'ringing' && other.callerId === ringing.calleeId && other.calleeId === ringing.callerId;
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
