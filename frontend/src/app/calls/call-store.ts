import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';

import type { PublicUser } from '@contracts/api';
import type { CallConfig, CallMedia, IceCandidate } from '@contracts/calls';
import { userChannel } from '@contracts/channels';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { RealtimeClient, type StreamEvent } from '../realtime/realtime-client';
import { type CallAction, type CallPhase, IDLE, callReducer, isFree, phaseCallId } from './call-state';
import { CallSession, MediaAccessError, TAB_DEVICE_ID, openMedia } from './call-session';
import { CallsApi } from './calls-api';
import { Ringtone } from './ringtone';

/** How long "Call ended", "No answer", "Answered on another device" stay before the panel goes. */
export const END_NOTICE_MS = 4_000;
/** Signalling for calls we do not know yet (answer before the offer POST returned, early candidates) is kept for this many calls. */
const MAX_EARLY_CALLS = 8;

type CallEvent = StreamEvent<'call.offer' | 'call.answer' | 'call.answered' | 'call.ice-candidate' | 'call.ended' | 'reset'>;

type OfferData = StreamEvent<'call.offer'>['data'];
type EndedData = StreamEvent<'call.ended'>['data'];

interface Early {
  answerSdp: string | null;
  candidates: IceCandidate[][];
  ended: EndedData | null;
}

/**
 * This tab's call: the phase (pure reducer in call-state.ts), the peer connection, the ring.
 * Provided by the app shell, so a call survives page changes.
 */
@Injectable()
export class CallStore {
  private readonly api = inject(CallsApi);
  private readonly auth = inject(AuthStore);
  private readonly ringtone = new Ringtone();
  private readonly current = signal<CallPhase>(IDLE);
  private readonly currentSession = signal<CallSession | null>(null);
  private readonly early = new Map<string, Early>();
  /** Offers that arrived while this tab was busy (e.g. dialling the same person: glare). */
  private readonly ignoredOffers = new Map<string, OfferData>();
  /** Our call lost a glare: the surviving call is accepted with the media we dialled. */
  private glareJoin: { survivorId: string; media: CallMedia } | null = null;
  private config: Promise<CallConfig> | null = null;
  private dismissTimer: ReturnType<typeof setTimeout> | null = null;
  /** When this device accepted (callee) or heard the answer (caller), for accept → connected. */
  private acceptedAt: number | null = null;
  private readonly connectTime = signal<number | null>(null);

  readonly deviceId = TAB_DEVICE_ID;
  readonly phase = this.current.asReadonly();
  readonly session = this.currentSession.asReadonly();
  /** Milliseconds from accepting to the peer connection being connected, for the last call. */
  readonly connectMs = this.connectTime.asReadonly();
  /** A call can be placed from here now. */
  readonly free = computed(() => isFree(this.current()));

  constructor() {
    const user = this.auth.user();
    if (user) {
      const subscription = inject(RealtimeClient)
        .on(userChannel(user.id), 'call.offer', 'call.answer', 'call.answered', 'call.ice-candidate', 'call.ended', 'reset')
        .subscribe((event) => void this.onEvent(event));
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
      void this.showCallInProgress();
    }
    effect(() => {
      const state = this.currentSession()?.connectionState();
      untracked(() => this.onConnectionState(state));
    });
    inject(DestroyRef).onDestroy(() => {
      this.ringtone.stop();
      this.closeSession();
      this.clearDismiss();
    });
  }

  /** Calls `peer`; the microphone (and camera for video) is asked for only now. */
  async call(peer: PublicUser, media: CallMedia): Promise<void> {
    if (!isFree(this.current())) {
      return;
    }
    this.dispatch({ type: 'dial', peer, media });
    const session = await this.openSession(media, null);
    if (!session) {
      return;
    }
    let callId: string;
    try {
      const sdp = await session.createOffer(media);
      const call = await firstValueFrom(this.api.offer({ calleeId: peer.id, media, sdp, deviceId: this.deviceId }));
      callId = call.id;
      const phase = this.current();
      if (phase.kind !== 'outgoing-ringing' || phase.call !== null) {
        // Hung up while the offer was on its way.
        void this.quietly(this.api.end(call.id));
        return;
      }
      this.dispatch({ type: 'dialled', call });
    } catch (error) {
      this.fail(null, offerError(error, peer), busy(error) ? 'busy' : 'failed');
      return;
    }
    session.startSendingCandidates();
    const early = this.takeEarly(callId);
    if (early?.ended) {
      this.onEnded(early.ended);
      return;
    }
    if (early?.answerSdp) {
      await this.onAnswer(callId, early.answerSdp);
    }
    await this.addCandidates(session, early);
  }

  async accept(media: CallMedia): Promise<void> {
    const phase = this.current();
    if (phase.kind !== 'incoming-ringing') {
      return;
    }
    const { call, sdp } = phase;
    this.acceptedAt = performance.now();
    this.connectTime.set(null);
    this.dispatch({ type: 'accept', media });
    const session = await this.openSession(media, call.id);
    if (!session) {
      void this.quietly(this.api.decline(call.id));
      return;
    }
    try {
      const answer = await session.acceptOffer(sdp);
      await firstValueFrom(this.api.answer({ callId: call.id, sdp: answer, deviceId: this.deviceId }));
    } catch (error) {
      const message =
        error instanceof HttpErrorResponse && error.status === 409
          ? $localize`:@@calls.error.answeredElsewhere:The call was answered on another device or has ended.`
          : errorMessages(error)[0];
      this.fail(call.id, message);
      return;
    }
    session.startSendingCandidates();
    await this.addCandidates(session, this.takeEarly(call.id));
  }

  decline(): void {
    const phase = this.current();
    if (phase.kind !== 'incoming-ringing') {
      return;
    }
    void this.quietly(this.api.decline(phase.call.id));
    this.dispatch({ type: 'ended', callId: phase.call.id, reason: 'declined' });
    this.dispatch({ type: 'dismiss' });
  }

  /** Hangs up, or cancels a call still ringing; from a reloaded tab it ends the call running elsewhere. */
  hangUp(): void {
    const phase = this.current();
    const callId = phaseCallId(phase);
    if (phase.kind === 'outgoing-ringing' && callId === null) {
      this.fail(null, $localize`:@@calls.end.cancelled:Call cancelled`, 'cancelled');
      return;
    }
    if (callId === null || phase.kind === 'ended' || phase.kind === 'idle' || phase.kind === 'incoming-ringing') {
      return;
    }
    void this.quietly(this.api.end(callId));
    this.dispatch({ type: 'ended', callId, reason: phase.kind === 'outgoing-ringing' ? 'cancelled' : 'hangup' });
  }

  dismiss(): void {
    this.dispatch({ type: 'dismiss' });
  }

  toggleMute(): void {
    const session = this.currentSession();
    session?.setMuted(!session.muted());
  }

  toggleCamera(): void {
    const session = this.currentSession();
    session?.setCameraOff(!session.cameraOff());
  }

  private async onEvent(event: CallEvent): Promise<void> {
    switch (event.type) {
      case 'call.offer':
        return this.onOffer(event.data);
      case 'call.answer':
        return this.onAnswer(event.data.callId, event.data.sdp);
      case 'call.answered':
        this.dispatch({ type: 'answered', callId: event.data.callId, deviceId: event.data.deviceId, myDeviceId: this.deviceId });
        return;
      case 'call.ice-candidate':
        return this.onCandidates(event.data.callId, event.data.candidates);
      case 'call.ended':
        return this.onEnded(event.data);
      case 'reset':
        return this.recheck();
      default:
        return;
    }
  }

  /** Rings only if the server still says ringing: a replayed offer (resume after a reconnect) must not. */
  private async onOffer(offer: OfferData): Promise<void> {
    const { call, from, sdp } = offer;
    if (call.calleeId !== this.auth.user()?.id) {
      return;
    }
    if (!isFree(this.current())) {
      this.ignoredOffers.set(call.id, offer);
      trim(this.ignoredOffers);
      return;
    }
    let fresh;
    try {
      fresh = await firstValueFrom(this.api.get(call.id));
    } catch {
      // Gone or not ours any more: nothing rings.
      return;
    }
    this.dispatch({ type: 'offered', call: fresh, from, sdp });
    const join = this.glareJoin;
    if (join?.survivorId === call.id && this.current().kind === 'incoming-ringing') {
      this.glareJoin = null;
      await this.accept(join.media);
    }
  }

  private onEnded(data: EndedData): void {
    const phase = this.current();
    if (phase.kind === 'outgoing-ringing' && phase.call === null) {
      // The offer POST has not answered yet (glare ends a call within its own request).
      this.earlyFor(data.callId).ended = data;
      return;
    }
    this.early.delete(data.callId);
    const mine = phaseCallId(phase) === data.callId && phase.kind !== 'ended';
    this.dispatch({ type: 'ended', callId: data.callId, reason: data.reason });
    if (mine && data.reason === 'glare' && data.survivorId && data.survivorId !== data.callId && phase.kind === 'outgoing-ringing') {
      this.glareJoin = { survivorId: data.survivorId, media: phase.media };
      const survivor = this.ignoredOffers.get(data.survivorId);
      this.ignoredOffers.delete(data.survivorId);
      if (survivor) {
        void this.onOffer(survivor);
      }
    }
  }

  private async onAnswer(callId: string, sdp: string): Promise<void> {
    const phase = this.current();
    const session = this.currentSession();
    if (phase.kind === 'outgoing-ringing' && phase.call === null) {
      this.earlyFor(callId).answerSdp = sdp;
      return;
    }
    if (phase.kind !== 'outgoing-ringing' || phase.call?.id !== callId || !session) {
      return;
    }
    this.acceptedAt = performance.now();
    this.connectTime.set(null);
    this.dispatch({ type: 'answer-received', callId });
    try {
      await session.applyAnswer(sdp);
    } catch {
      this.hangUpWith(callId, $localize`:@@calls.error.badAnswer:The answer could not be used; the call was ended.`);
    }
  }

  private async onCandidates(callId: string, candidates: IceCandidate[]): Promise<void> {
    const session = this.currentSession();
    const phase = this.current();
    if (session && phaseCallId(phase) === callId && phase.kind !== 'ended') {
      await session.addRemoteCandidates(candidates);
    } else {
      this.earlyFor(callId).candidates.push(candidates);
    }
  }

  private onConnectionState(state: RTCPeerConnectionState | undefined): void {
    const phase = this.current();
    const callId = phaseCallId(phase);
    if (!callId) {
      return;
    }
    if (state === 'connected') {
      if (phase.kind === 'connecting' && this.acceptedAt !== null) {
        this.connectTime.set(Math.round(performance.now() - this.acceptedAt));
      }
      this.dispatch({ type: 'connected', callId, at: Date.now() });
    } else if (state === 'failed' && (phase.kind === 'connecting' || phase.kind === 'active')) {
      const name = phase.peer.displayName || phase.peer.username;
      this.hangUpWith(callId, $localize`:@@calls.error.connectionFailed:The connection to ${name}:name: failed.`);
    }
  }

  /** After a reload: a call of ours in progress elsewhere is shown, with a way to end it. */
  private async showCallInProgress(): Promise<void> {
    try {
      const found = await firstValueFrom(this.api.active());
      if (found && found.call.state !== 'ended') {
        this.dispatch({ type: 'found-elsewhere', call: found.call, peer: found.peer });
      }
    } catch {
      // Calls are optional for the page; nothing to show.
    }
  }

  /** The stream could not resume: events of our call may be lost, so ask the server how it stands. */
  private async recheck(): Promise<void> {
    const callId = phaseCallId(this.current());
    if (!callId || this.current().kind === 'ended') {
      return;
    }
    try {
      const call = await firstValueFrom(this.api.get(callId));
      if (call.state === 'ended') {
        this.dispatch({ type: 'ended', callId, reason: call.endReason ?? 'hangup' });
      }
    } catch {
      this.fail(callId, $localize`:@@calls.error.notFound:The call could not be found any more.`);
    }
  }

  private async openSession(media: CallMedia, callId: string | null): Promise<CallSession | null> {
    try {
      const config = await this.loadConfig();
      const stream = await openMedia(media);
      const phase = this.current();
      if (phase.kind === 'ended' || phase.kind === 'idle' || phaseCallId(phase) !== callId) {
        stream.getTracks().forEach((track) => track.stop());
        return null;
      }
      const session = new CallSession(config, stream, (candidates) => this.sendCandidates(candidates));
      this.closeSession();
      this.currentSession.set(session);
      return session;
    } catch (error) {
      this.config = error instanceof MediaAccessError ? this.config : null;
      this.fail(callId, error instanceof MediaAccessError ? error.message : errorMessages(error)[0]);
      return null;
    }
  }

  private sendCandidates(candidates: IceCandidate[]): void {
    const callId = phaseCallId(this.current());
    if (callId) {
      void this.quietly(this.api.iceCandidates({ callId, candidates, deviceId: this.deviceId }));
    }
  }

  private async addCandidates(session: CallSession, early: Early | undefined): Promise<void> {
    for (const batch of early?.candidates ?? []) {
      await session.addRemoteCandidates(batch);
    }
  }

  private loadConfig(): Promise<CallConfig> {
    this.config ??= firstValueFrom(this.api.config());
    return this.config;
  }

  private dispatch(action: CallAction): void {
    const before = this.current();
    const after = callReducer(before, action);
    if (after === before) {
      return;
    }
    this.current.set(after);
    if (after.kind === 'incoming-ringing') {
      this.ringtone.start();
    } else {
      this.ringtone.stop();
    }
    if (after.kind === 'ended' || after.kind === 'idle') {
      this.closeSession();
    }
    this.clearDismiss();
    if (after.kind === 'ended' || (after.kind === 'answered-elsewhere' && after.via === 'answered')) {
      this.dismissTimer = setTimeout(() => this.dispatch({ type: 'dismiss' }), END_NOTICE_MS);
    }
  }

  private fail(callId: string | null, message: string, reason: 'failed' | 'busy' | 'cancelled' = 'failed'): void {
    this.dispatch({ type: 'failed', callId, message, reason });
  }

  private hangUpWith(callId: string, message: string): void {
    void this.quietly(this.api.end(callId));
    this.fail(callId, message);
  }

  private closeSession(): void {
    this.currentSession()?.close();
    this.currentSession.set(null);
  }

  private clearDismiss(): void {
    if (this.dismissTimer) {
      clearTimeout(this.dismissTimer);
      this.dismissTimer = null;
    }
  }

  private earlyFor(callId: string): Early {
    let early = this.early.get(callId);
    if (!early) {
      early = { answerSdp: null, candidates: [], ended: null };
      this.early.set(callId, early);
      trim(this.early);
    }
    return early;
  }

  private takeEarly(callId: string): Early | undefined {
    const early = this.early.get(callId);
    this.early.delete(callId);
    return early;
  }

  /** Signalling whose failure the call's own events will tell (or that no longer matters). */
  private async quietly(request: Observable<unknown>): Promise<void> {
    try {
      await firstValueFrom(request, { defaultValue: undefined });
    } catch {
      // See above.
    }
  }
}

/** Keeps the newest MAX_EARLY_CALLS entries. */
function trim(map: Map<string, unknown>): void {
  while (map.size > MAX_EARLY_CALLS) {
    map.delete(map.keys().next().value!);
  }
}

function busy(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 409;
}

function offerError(error: unknown, peer: PublicUser): string {
  const name = peer.displayName || peer.username;
  if (busy(error)) {
    return $localize`:@@calls.error.peerBusy:${name}:name: is in another call.`;
  }
  if (error instanceof HttpErrorResponse && error.status === 403) {
    return $localize`:@@calls.error.notAllowed:You can call ${name}:name: only while you share a board or a conversation.`;
  }
  return errorMessages(error)[0];
}
