import {
  type CallRecord,
  CallsRepository,
  type EndReasons,
  HISTORY_PER_USER,
  type OfferOutcome,
  type TransitionOutcome,
} from './calls.repository';

/** One process: every method runs to completion before another starts, which makes each transition atomic. */
export class MemoryCallsRepository extends CallsRepository {
  private readonly calls = new Map<string, CallRecord>();
  private readonly currentOf = new Map<string, string>();
  private readonly ringDeadlines = new Map<string, number>();
  /** Per user: ended call ids with their end time, oldest first. */
  private readonly histories = new Map<string, Array<{ id: string; at: number }>>();

  async offer(candidate: CallRecord, ringDeadlineMs: number): Promise<OfferOutcome> {
    const { callerId, calleeId } = candidate;
    const callerCurrent = this.currentOf.get(callerId);
    if (callerCurrent !== undefined) {
      const other = this.calls.get(callerCurrent)!;
      const glare = other.state === 'ringing' && other.callerId === calleeId && other.calleeId === callerId;
      if (!glare) {
        return { kind: 'in_call', currentId: callerCurrent };
      }
      if (candidate.id < other.id) {
        const ended = this.finish(other, 'glare', candidate.createdAt);
        this.ring(candidate, ringDeadlineMs);
        return { kind: 'glare_won', call: { ...candidate }, ended };
      }
      return { kind: 'glare_lost', call: this.storeEnded(candidate, 'glare'), survivorId: other.id };
    }
    if (this.currentOf.has(calleeId)) {
      return { kind: 'busy', call: this.storeEnded(candidate, 'busy') };
    }
    this.ring(candidate, ringDeadlineMs);
    return { kind: 'created', call: { ...candidate } };
  }

  async answer(callId: string, deviceId: string, at: string): Promise<TransitionOutcome> {
    const call = this.calls.get(callId);
    if (!call) {
      return { kind: 'missing' };
    }
    if (call.state !== 'ringing') {
      return { kind: 'conflict', call: { ...call } };
    }
    Object.assign(call, { state: 'active', answeredAt: at, answeredDeviceId: deviceId });
    this.ringDeadlines.delete(callId);
    return { kind: 'ok', call: { ...call } };
  }

  async end(callId: string, reasons: EndReasons, at: string): Promise<TransitionOutcome> {
    const call = this.calls.get(callId);
    if (!call) {
      return { kind: 'missing' };
    }
    const reason = call.state === 'ended' ? undefined : reasons[call.state];
    if (reason === undefined) {
      return { kind: 'conflict', call: { ...call } };
    }
    return { kind: 'ok', call: this.finish(call, reason, at) };
  }

  async find(callId: string): Promise<CallRecord | undefined> {
    const call = this.calls.get(callId);
    return call && { ...call };
  }

  async current(userId: string): Promise<CallRecord | undefined> {
    const id = this.currentOf.get(userId);
    return id === undefined ? undefined : this.find(id);
  }

  async history(userId: string, beforeMs: number | undefined, limit: number): Promise<CallRecord[]> {
    return (this.histories.get(userId) ?? [])
      .filter((entry) => beforeMs === undefined || entry.at < beforeMs)
      .reverse()
      .slice(0, limit)
      .flatMap((entry) => {
        const call = this.calls.get(entry.id);
        return call ? [{ ...call }] : [];
      });
  }

  async dueRinging(nowMs: number): Promise<string[]> {
    return [...this.ringDeadlines].filter(([, deadline]) => deadline <= nowMs).map(([id]) => id);
  }

  async live(): Promise<CallRecord[]> {
    return [...this.calls.values()].filter((call) => call.state !== 'ended').map((call) => ({ ...call }));
  }

  private ring(call: CallRecord, ringDeadlineMs: number): void {
    this.calls.set(call.id, { ...call, state: 'ringing' });
    this.currentOf.set(call.callerId, call.id);
    this.currentOf.set(call.calleeId, call.id);
    this.ringDeadlines.set(call.id, ringDeadlineMs);
  }

  private storeEnded(candidate: CallRecord, reason: 'busy' | 'glare'): CallRecord {
    const call: CallRecord = { ...candidate, state: 'ended', endedAt: candidate.createdAt, endReason: reason };
    this.calls.set(call.id, call);
    this.remember(call);
    return { ...call };
  }

  private finish(call: CallRecord, reason: NonNullable<CallRecord['endReason']>, at: string): CallRecord {
    Object.assign(call, { state: 'ended', endedAt: at, endReason: reason });
    this.ringDeadlines.delete(call.id);
    for (const userId of [call.callerId, call.calleeId]) {
      if (this.currentOf.get(userId) === call.id) {
        this.currentOf.delete(userId);
      }
    }
    this.remember(call);
    return { ...call };
  }

  private remember(call: CallRecord): void {
    const at = Date.parse(call.endedAt!);
    for (const userId of [call.callerId, call.calleeId]) {
      const entries = this.histories.get(userId) ?? [];
      entries.push({ id: call.id, at });
      const dropped = entries.splice(0, Math.max(0, entries.length - HISTORY_PER_USER));
      this.histories.set(userId, entries);
      for (const old of dropped) {
        // Kept while the other party's history still lists it.
        if (![...this.histories.values()].some((list) => list.some((entry) => entry.id === old.id))) {
          this.calls.delete(old.id);
        }
      }
    }
  }
}
