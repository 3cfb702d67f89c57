// 1:1 voice and video calls: request, response and event shapes shared by the backend and
// the Angular app. Media goes peer to peer; only signalling passes through the server.
import type { PublicUser } from './api';

export type CallMedia = 'audio' | 'video';
export type CallState = 'ringing' | 'active' | 'ended';
export type CallEndReason = 'declined' | 'hangup' | 'cancelled' | 'missed' | 'busy' | 'glare' | 'connection_lost';

/** An SDP offer or answer is at most this many characters. */
export const MAX_SDP_LENGTH = 65_536;
/** A trickle batch carries at most this many ICE candidates. */
export const MAX_ICE_CANDIDATES_PER_BATCH = 50;

export interface Call {
  id: string;
  callerId: string;
  calleeId: string;
  media: CallMedia;
  state: CallState;
  /** ISO-8601 UTC. */
  createdAt: string;
  answeredAt?: string;
  endedAt?: string;
  endReason?: CallEndReason;
  /** The callee's device that answered; absent until then. */
  answeredDeviceId?: string;
}

/** The fields of RTCIceCandidateInit, so the backend needs no DOM types. */
export interface IceCandidate {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface CallOfferRequest {
  calleeId: string;
  media: CallMedia;
  sdp: string;
  /** The caller's device (tab) id, so ICE candidates can be routed back to it. */
  deviceId?: string;
}

export interface CallAnswerRequest {
  callId: string;
  sdp: string;
  deviceId: string;
}

export interface IceCandidatesRequest {
  callId: string;
  /** An empty list ends the candidates. */
  candidates: IceCandidate[];
  deviceId?: string;
}

export interface CallIdRequest {
  callId: string;
}

export interface CallResponse {
  call: Call;
}

/** A call as one party lists it: with the other party. */
export type CallWithPeer = Call & { peer: PublicUser };

/** GET /api/calls?state=active: the caller's ringing or active call (none or one), so a reloaded tab can rejoin. */
export interface ActiveCalls {
  calls: CallWithPeer[];
}

/** GET /api/calls/history: newest first; pass `nextBefore` as `?before=` for older calls. */
export interface CallHistoryPage {
  calls: CallWithPeer[];
  nextBefore: string | null;
}

/** GET /api/calls/config: what the app gives RTCPeerConnection. */
export interface CallConfig {
  iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  ringTimeoutMs: number;
}

/** Call events, merged into the shared EventMap; all of them travel on `user:` channels. */
export interface CallEventMap {
  /** On the callee's user channel: every open tab and device rings (after checking the call is still ringing). */
  'call.offer': { call: Call; from: PublicUser; sdp: string };
  /** On the caller's user channel: the callee answered from `deviceId`. */
  'call.answer': { callId: string; sdp: string; deviceId: string };
  /** On every user channel of both parties: the callee's other devices stop ringing. */
  'call.answered': { callId: string; deviceId: string };
  /** On the other party's user channel; an empty list ends the candidates. */
  'call.ice-candidate': { callId: string; candidates: IceCandidate[]; fromDeviceId: string };
  /** On both parties' user channels. After `glare`, `survivorId` names the call both apps join. */
  'call.ended': { callId: string; reason: CallEndReason; survivorId?: string };
}
