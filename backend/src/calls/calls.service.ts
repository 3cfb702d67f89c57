import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PublicUser } from '../../../contracts/api';
import type { ActiveCalls, Call, CallConfig, CallHistoryPage, CallMedia, CallWithPeer, IceCandidate } from '../../../contracts/calls';
import { userChannel } from '../../../contracts/channels';
import { BoardAccess } from '../boards/board-access';
import { ConversationsRepository } from '../chat/conversations.repository';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../events/event-bus';
import { NotificationsService } from '../notifications/notifications.service';
import type { Actor } from '../users/actor';
import { toPublicUser } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import {
  AlreadyInCallError,
  CallNotFoundError,
  CallStateConflictError,
  CalleeBusyError,
  CannotCallYourselfError,
  NotACollaboratorError,
  OnlyTheCalleeError,
} from './calls.errors';
import { type CallRecord, CallsRepository, type EndReasons, toCall, type TransitionOutcome } from './calls.repository';

export interface OfferInput {
  calleeId: string;
  media: CallMedia;
  sdp: string;
  deviceId?: string;
}

/**
 * Signalling for 1:1 calls: the state machine lives in the repository (atomic transitions), this
 * service checks who may do what and tells both parties on their `user:` channels.
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly boards: BoardAccess,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  configFor(): CallConfig {
    return { iceServers: this.config.iceServers.map((server) => ({ ...server })), ringTimeoutMs: this.config.callRingTimeoutMs };
  }

  /** 400 yourself, 403 a stranger (or nobody), 409 busy (either side); glare settles on the lower call id. */
  async offer(actor: Actor, input: OfferInput): Promise<Call> {
    if (input.calleeId === actor.id) {
      throw new CannotCallYourselfError();
    }
    if (!(await this.collaborate(actor, input.calleeId))) {
      throw new NotACollaboratorError();
    }
    const now = new Date();
    const candidate: CallRecord = {
      id: randomUUID(),
      callerId: actor.id,
      calleeId: input.calleeId,
      media: input.media,
      state: 'ringing',
      createdAt: now.toISOString(),
      ...(input.deviceId === undefined ? {} : { callerDeviceId: input.deviceId }),
    };
    const outcome = await this.calls.offer(candidate, now.getTime() + this.config.callRingTimeoutMs);
    switch (outcome.kind) {
      case 'in_call':
        throw new AlreadyInCallError(outcome.currentId);
      case 'busy':
        await this.notifyMissed(outcome.call, actor, 'busy');
        throw new CalleeBusyError(outcome.call.id);
      case 'glare_lost':
        // Both apps join the other call, which is ringing for the actor already.
        await this.announceEnd(outcome.call, outcome.survivorId);
        return toCall(outcome.call);
      case 'glare_won':
        await this.announceEnd(outcome.ended, outcome.call.id);
        await this.ring(outcome.call, actor, input.sdp);
        return toCall(outcome.call);
      case 'created':
        await this.ring(outcome.call, actor, input.sdp);
        return toCall(outcome.call);
    }
  }

  /** 403 unless the callee; 409 once answered (from another device) or ended. */
  async answer(actor: Actor, callId: string, sdp: string, deviceId: string): Promise<Call> {
    const call = await this.partyCall(actor, callId);
    if (call.calleeId !== actor.id) {
      throw new OnlyTheCalleeError('answer');
    }
    const answered = this.settled(
      await this.calls.answer(callId, deviceId, new Date().toISOString()),
      'This call was answered already or has ended',
    );
    await this.bus.publish(userChannel(answered.callerId), 'call.answer', { callId, sdp, deviceId }, actor.id);
    await this.bus.publishMany(bothChannels(answered), 'call.answered', { callId, deviceId }, actor.id);
    return toCall(answered);
  }

  /** To the other party; 409 once ended. An empty list ends the candidates. */
  async iceCandidates(actor: Actor, callId: string, candidates: IceCandidate[], deviceId?: string): Promise<void> {
    const call = await this.partyCall(actor, callId);
    if (call.state === 'ended') {
      throw new CallStateConflictError('This call has ended', call.state, call.endReason);
    }
    const fromCaller = call.callerId === actor.id;
    const fromDeviceId = deviceId ?? (fromCaller ? call.callerDeviceId : call.answeredDeviceId) ?? '';
    await this.bus.publish(
      userChannel(fromCaller ? call.calleeId : call.callerId),
      'call.ice-candidate',
      { callId, candidates: candidates.map(plainCandidate), fromDeviceId },
      actor.id,
    );
  }

  /** Callee only, while it rings. */
  async decline(actor: Actor, callId: string): Promise<void> {
    const call = await this.partyCall(actor, callId);
    if (call.calleeId !== actor.id) {
      throw new OnlyTheCalleeError('decline');
    }
    await this.finish(callId, { ringing: 'declined' }, 'This call was answered already or has ended');
  }

  /** Either party at any stage: the caller cancels a ringing call, the callee declines it, either hangs up. */
  async end(actor: Actor, callId: string): Promise<void> {
    const call = await this.partyCall(actor, callId);
    const ringing = call.callerId === actor.id ? 'cancelled' : 'declined';
    await this.finish(callId, { ringing, active: 'hangup' }, 'This call has ended');
  }

  async get(actor: Actor, callId: string): Promise<Call> {
    return toCall(await this.partyCall(actor, callId));
  }

  async active(actor: Actor): Promise<ActiveCalls> {
    const current = await this.calls.current(actor.id);
    return { calls: current ? await this.withPeers(actor.id, [current]) : [] };
  }

  async history(actor: Actor, before: string | undefined, limit = 20): Promise<CallHistoryPage> {
    const calls = await this.calls.history(actor.id, before === undefined ? undefined : Date.parse(before), limit);
    return {
      calls: await this.withPeers(actor.id, calls),
      nextBefore: calls.length === limit ? (calls[calls.length - 1].endedAt ?? null) : null,
    };
  }

  /** Rang out: ended as missed (by whichever pod wins the transition), the callee gets a missed-call notification. */
  async ringOut(callId: string): Promise<void> {
    const outcome = await this.calls.end(callId, { ringing: 'missed' }, new Date().toISOString());
    if (outcome.kind !== 'ok') {
      return;
    }
    await this.announceEnd(outcome.call);
    const caller = (await this.users.findManyByIds([outcome.call.callerId]))[0];
    if (caller) {
      await this.notifyMissed(outcome.call, toPublicUser(caller), 'missed');
    }
  }

  /** A party's streams are all gone: ends the call unless it ended meanwhile. */
  async connectionLost(callId: string): Promise<void> {
    const outcome = await this.calls.end(callId, { ringing: 'connection_lost', active: 'connection_lost' }, new Date().toISOString());
    if (outcome.kind === 'ok') {
      await this.announceEnd(outcome.call);
    }
  }

  private async finish(callId: string, reasons: EndReasons, conflict: string): Promise<void> {
    const ended = this.settled(await this.calls.end(callId, reasons, new Date().toISOString()), conflict);
    await this.announceEnd(ended);
  }

  private settled(outcome: TransitionOutcome, conflict: string): CallRecord {
    switch (outcome.kind) {
      case 'ok':
        return outcome.call;
      case 'conflict':
        throw new CallStateConflictError(conflict, outcome.call.state, outcome.call.endReason);
      case 'missing':
        throw new CallNotFoundError();
    }
  }

  /** 404 for a call that does not exist and for one the actor is not a party to alike. */
  private async partyCall(actor: Actor, callId: string): Promise<CallRecord> {
    const call = await this.calls.find(callId);
    if (!call || (call.callerId !== actor.id && call.calleeId !== actor.id)) {
      throw new CallNotFoundError();
    }
    return call;
  }

  private async ring(call: CallRecord, caller: Actor, sdp: string): Promise<void> {
    const from: PublicUser = { id: caller.id, username: caller.username, displayName: caller.displayName };
    await this.bus.publish(userChannel(call.calleeId), 'call.offer', { call: toCall(call), from, sdp }, caller.id);
  }

  private async announceEnd(call: CallRecord, survivorId?: string): Promise<void> {
    await this.bus.publishMany(
      bothChannels(call),
      'call.ended',
      { callId: call.id, reason: call.endReason!, ...(survivorId === undefined ? {} : { survivorId }) },
      null,
    );
  }

  private async notifyMissed(call: CallRecord, caller: Actor, reason: 'missed' | 'busy'): Promise<void> {
    const from: PublicUser = { id: caller.id, username: caller.username, displayName: caller.displayName };
    await this.notifications.notify(call.calleeId, caller.id, { kind: 'missed_call', callId: call.id, media: call.media, reason, from });
  }

  /** Whether the two share a board or a conversation. */
  private async collaborate(actor: Actor, otherId: string): Promise<boolean> {
    const boards = await this.boards.listBoards(actor);
    if (boards.some((board) => board.members.some((member) => member.id === otherId))) {
      return true;
    }
    const conversations = await this.conversations.listFor(actor.id);
    return conversations.some((conversation) => conversation.participantIds.includes(otherId));
  }

  private async withPeers(userId: string, calls: CallRecord[]): Promise<CallWithPeer[]> {
    const peerIds = calls.map((call) => (call.callerId === userId ? call.calleeId : call.callerId));
    const users = await this.users.findManyByIds([...new Set(peerIds)]);
    const byId = new Map(users.map((user) => [user.id, toPublicUser(user)]));
    return calls.flatMap((call, index) => {
      const peer = byId.get(peerIds[index]);
      return peer ? [{ ...toCall(call), peer }] : [];
    });
  }
}

function bothChannels(call: CallRecord) {
  return [userChannel(call.callerId), userChannel(call.calleeId)];
}

/** Only the fields of RTCIceCandidateInit travel on. */
function plainCandidate(candidate: IceCandidate): IceCandidate {
  return {
    ...(candidate.candidate === undefined ? {} : { candidate: candidate.candidate }),
    ...(candidate.sdpMid === undefined ? {} : { sdpMid: candidate.sdpMid }),
    ...(candidate.sdpMLineIndex === undefined ? {} : { sdpMLineIndex: candidate.sdpMLineIndex }),
    ...(candidate.usernameFragment === undefined ? {} : { usernameFragment: candidate.usernameFragment }),
  };
}
