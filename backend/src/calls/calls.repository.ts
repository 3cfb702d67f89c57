import type { Call, CallEndReason } from '../../../contracts/calls';

/** A call as stored: the contract's Call and the caller's device, which ICE candidates name. */
export interface CallRecord extends Call {
  callerDeviceId?: string;
}

export type OfferOutcome =
  /** Ringing now. */
  | { kind: 'created'; call: CallRecord }
  /** The callee is in a call or ringing for someone else: stored as ended with `busy`. */
  | { kind: 'busy'; call: CallRecord }
  /** The caller is in (or ringing for) another call already. */
  | { kind: 'in_call'; currentId: string }
  /** Glare, and the new call has the lower id: it rings, `ended` (the callee's call to the caller) ended with `glare`. */
  | { kind: 'glare_won'; call: CallRecord; ended: CallRecord }
  /** Glare, and the callee's call to the caller has the lower id: the new call is stored as ended with `glare`. */
  | { kind: 'glare_lost'; call: CallRecord; survivorId: string };

export type TransitionOutcome =
  | { kind: 'ok'; call: CallRecord }
  /** The call is not in a state this transition applies to (answered already, ended already…). */
  | { kind: 'conflict'; call: CallRecord }
  | { kind: 'missing' };

/** The end reason per state the call may be in; a state left out makes the transition a conflict. */
export interface EndReasons {
  ringing?: CallEndReason;
  active?: CallEndReason;
}

/** How many ended calls each user keeps in their history, and for how long a call is kept. */
export const HISTORY_PER_USER = 200;
export const ENDED_CALL_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * Port: calls and their state machine. Every transition is atomic, so racing requests (two answers,
 * an answer and a decline, the ring timeout on every pod) leave exactly one outcome: one caller gets
 * `ok`, the others `conflict`. A user has at most one current (ringing or active) call.
 */
export abstract class CallsRepository {
  /** Creates the call ringing, unless either party is busy; settles glare by the lower call id. */
  abstract offer(candidate: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome>;
  /** ringing → active, from `deviceId` of the callee. */
  abstract answer(callId: string, deviceId: string, at: string): Promise<TransitionOutcome>;
  /** ringing or active → ended, with the reason given for the state it is in. */
  abstract end(callId: string, reasons: EndReasons, at: string): Promise<TransitionOutcome>;
  abstract find(callId: string): Promise<CallRecord | undefined>;
  /** The user's ringing or active call. */
  abstract current(userId: string): Promise<CallRecord | undefined>;
  /** Ended calls of the user, newest end first, ended strictly before `beforeMs` when given. */
  abstract history(userId: string, beforeMs: number | undefined, limit: number): Promise<CallRecord[]>;
  /** Ids of ringing calls whose ring deadline has passed (each is ended by whoever wins `end`). */
  abstract dueRinging(nowMs: number): Promise<string[]>;
  /** Every ringing or active call. */
  abstract live(): Promise<CallRecord[]>;
}

/** The stored record without what only the server needs. */
export function toCall(record: CallRecord): Call {
  return {
    id: record.id,
    callerId: record.callerId,
    calleeId: record.calleeId,
    media: record.media,
    state: record.state,
    createdAt: record.createdAt,
    ...(record.answeredAt === undefined ? {} : { answeredAt: record.answeredAt }),
    ...(record.endedAt === undefined ? {} : { endedAt: record.endedAt }),
    ...(record.endReason === undefined ? {} : { endReason: record.endReason }),
    ...(record.answeredDeviceId === undefined ? {} : { answeredDeviceId: record.answeredDeviceId }),
  };
}
