import type { PublicUser } from '@contracts/api';
import type { Call, CallEndReason, CallMedia } from '@contracts/calls';

/** Why a call ended on this device: the server's reason, or a local failure (media, network, refused request). */
export type LocalEndReason = CallEndReason | 'failed';

/** Which side of the call this device is on. */
export type CallRole = 'caller' | 'callee';

/** The call as this device sees it; one at a time. */
export type CallPhase =
  | { kind: 'idle' }
  /** We dialled; `call` is null until the offer POST answers. */
  | { kind: 'outgoing-ringing'; call: Call | null; peer: PublicUser; media: CallMedia }
  | { kind: 'incoming-ringing'; call: Call; peer: PublicUser; sdp: string }
  | { kind: 'connecting'; call: Call; peer: PublicUser; role: CallRole; media: CallMedia }
  | { kind: 'active'; call: Call; peer: PublicUser; role: CallRole; media: CallMedia; connectedAt: number }
  | { kind: 'ended'; callId: string | null; peer: PublicUser | null; role: CallRole | null; reason: LocalEndReason; message: string | null }
  /** Another device of ours took the call (`answered`), or a reloaded tab found a call of ours running elsewhere (`reload`). */
  | { kind: 'answered-elsewhere'; call: Call; peer: PublicUser | null; via: 'answered' | 'reload' };

export type CallAction =
  | { type: 'dial'; peer: PublicUser; media: CallMedia }
  | { type: 'dialled'; call: Call }
  /** A `call.offer` whose call the server still reports as ringing. */
  | { type: 'offered'; call: Call; from: PublicUser; sdp: string }
  | { type: 'accept'; media: CallMedia }
  /** The callee's answer reached the caller (`call.answer`). */
  | { type: 'answer-received'; callId: string }
  /** `call.answered`: some device of the callee took the call. */
  | { type: 'answered'; callId: string; deviceId: string; myDeviceId: string }
  | { type: 'connected'; callId: string; at: number }
  | { type: 'ended'; callId: string; reason: CallEndReason }
  /** Something failed here (media permission, a refused request, the peer connection). */
  | { type: 'failed'; callId: string | null; message: string; reason?: LocalEndReason }
  /** A reloaded tab learnt that a call of ours is in progress (GET /api/calls?state=active). */
  | { type: 'found-elsewhere'; call: Call; peer: PublicUser | null }
  | { type: 'dismiss' };

export const IDLE: CallPhase = { kind: 'idle' };

/** The call id the phase is about, if any. */
export function phaseCallId(phase: CallPhase): string | null {
  switch (phase.kind) {
    case 'idle':
      return null;
    case 'outgoing-ringing':
      return phase.call?.id ?? null;
    case 'ended':
      return phase.callId;
    case 'incoming-ringing':
    case 'connecting':
    case 'active':
    case 'answered-elsewhere':
      return phase.call.id;
  }
}

/** A new call may start (or ring) only when nothing is going on here. */
export function isFree(phase: CallPhase): boolean {
  return phase.kind === 'idle' || phase.kind === 'ended';
}

/** Pure transitions of this device's call; anything that does not fit the current phase is ignored. */
export function callReducer(phase: CallPhase, action: CallAction): CallPhase {
  switch (action.type) {
    case 'dial':
      return isFree(phase) ? { kind: 'outgoing-ringing', call: null, peer: action.peer, media: action.media } : phase;
    case 'dialled':
      return phase.kind === 'outgoing-ringing' && phase.call === null ? { ...phase, call: action.call } : phase;
    case 'offered':
      // A replayed offer for a call we already saw end (or that is not ringing) must not ring.
      if (!isFree(phase) || action.call.state !== 'ringing' || (phase.kind === 'ended' && phase.callId === action.call.id)) {
        return phase;
      }
      return { kind: 'incoming-ringing', call: action.call, peer: action.from, sdp: action.sdp };
    case 'accept':
      return phase.kind === 'incoming-ringing'
        ? { kind: 'connecting', call: phase.call, peer: phase.peer, role: 'callee', media: action.media }
        : phase;
    case 'answer-received':
      return phase.kind === 'outgoing-ringing' && phase.call?.id === action.callId
        ? { kind: 'connecting', call: phase.call, peer: phase.peer, role: 'caller', media: phase.media }
        : phase;
    case 'answered':
      if (phase.kind === 'incoming-ringing' && phase.call.id === action.callId && action.deviceId !== action.myDeviceId) {
        return { kind: 'answered-elsewhere', call: phase.call, peer: phase.peer, via: 'answered' };
      }
      return phase;
    case 'connected':
      return phase.kind === 'connecting' && phase.call.id === action.callId
        ? { kind: 'active', call: phase.call, peer: phase.peer, role: phase.role, media: phase.media, connectedAt: action.at }
        : phase;
    case 'ended':
      if (phase.kind === 'ended' || phaseCallId(phase) !== action.callId) {
        return phase;
      }
      return { kind: 'ended', callId: action.callId, peer: peerOf(phase), role: roleOf(phase), reason: action.reason, message: null };
    case 'failed':
      if (phase.kind === 'idle' || phase.kind === 'ended' || (action.callId !== null && phaseCallId(phase) !== action.callId)) {
        return phase;
      }
      return {
        kind: 'ended',
        callId: phaseCallId(phase),
        peer: peerOf(phase),
        role: roleOf(phase),
        reason: action.reason ?? 'failed',
        message: action.message,
      };
    case 'found-elsewhere':
      return isFree(phase) ? { kind: 'answered-elsewhere', call: action.call, peer: action.peer, via: 'reload' } : phase;
    case 'dismiss':
      return phase.kind === 'ended' || phase.kind === 'answered-elsewhere' ? IDLE : phase;
  }
}

function peerOf(phase: CallPhase): PublicUser | null {
  return phase.kind === 'idle' ? null : phase.peer;
}

function roleOf(phase: CallPhase): CallRole | null {
  switch (phase.kind) {
    case 'outgoing-ringing':
      return 'caller';
    case 'incoming-ringing':
      return 'callee';
    case 'connecting':
    case 'active':
      return phase.role;
    case 'idle':
    case 'ended':
    case 'answered-elsewhere':
      return null;
  }
}

/** What the app says when a call ends for this reason. */
export function endText(reason: LocalEndReason): string {
  switch (reason) {
    case 'declined':
      return $localize`:@@calls.end.declined:Call declined`;
    case 'hangup':
      return $localize`:@@calls.end.hangup:Call ended`;
    case 'cancelled':
      return $localize`:@@calls.end.cancelled:Call cancelled`;
    case 'missed':
      return $localize`:@@calls.end.missed:No answer`;
    case 'busy':
      return $localize`:@@calls.end.busy:Busy in another call`;
    case 'glare':
      return $localize`:@@calls.end.glare:Joined the other call`;
    case 'connection_lost':
      return $localize`:@@calls.end.connectionLost:Connection lost`;
    case 'failed':
      return $localize`:@@calls.end.failed:Call failed`;
  }
}
