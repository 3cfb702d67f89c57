import { signal } from '@angular/core';

import type { CallConfig, CallMedia, IceCandidate } from '@contracts/calls';

import { IceBatcher } from './ice-batcher';

export const STATS_INTERVAL_MS = 1_000;

/** What getStats() says about the call, refreshed every second. */
export interface CallQuality {
  /** Round trip of the selected candidate pair, in ms; null until measured. */
  roundTripMs: number | null;
  /** Share of inbound packets lost, 0–1. */
  packetLoss: number;
  /** Inbound RTP bytes so far, per kind (the e2e test watches them grow). */
  bytesReceived: { audio: number; video: number };
}

/** getUserMedia failed; `message` is what the user reads. */
export class MediaAccessError extends Error {}

/** A stable id for this tab, so the server can say which device answered. */
export const TAB_DEVICE_ID: string = crypto.randomUUID();

/** Asks for the microphone (and the camera for video) only now, with a message a person understands when it fails. */
export async function openMedia(media: CallMedia): Promise<MediaStream> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) {
    throw new MediaAccessError(
      $localize`:@@calls.media.unsupported:This browser cannot make calls here (no media devices; the page must be served over HTTPS).`,
    );
  }
  const video = media === 'video';
  try {
    return await devices.getUserMedia({ audio: true, video: media === 'video' });
  } catch (error) {
    const name = error instanceof DOMException || error instanceof Error ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new MediaAccessError(
        video
          ? $localize`:@@calls.media.deniedVideo:Access to your camera and microphone was denied. Allow it in the browser's site settings and try again.`
          : $localize`:@@calls.media.deniedAudio:Access to your microphone was denied. Allow it in the browser's site settings and try again.`,
      );
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      throw new MediaAccessError(
        video
          ? $localize`:@@calls.media.missingVideo:No camera or microphone was found.`
          : $localize`:@@calls.media.missingAudio:No microphone was found.`,
      );
    }
    if (name === 'NotReadableError' || name === 'AbortError') {
      throw new MediaAccessError(
        video
          ? $localize`:@@calls.media.busyVideo:Your camera and microphone is in use by another application.`
          : $localize`:@@calls.media.busyAudio:Your microphone is in use by another application.`,
      );
    }
    throw new MediaAccessError(
      video
        ? $localize`:@@calls.media.failedVideo:Your camera and microphone could not be opened.`
        : $localize`:@@calls.media.failedAudio:Your microphone could not be opened.`,
    );
  }
}

/**
 * One RTCPeerConnection and its local media. Local candidates leave in batches through
 * `sendCandidates`; remote ones wait until the remote description is set.
 */
export class CallSession {
  private readonly pc: RTCPeerConnection;
  private readonly batcher: IceBatcher;
  private readonly remoteQueue: IceCandidate[][] = [];
  private remoteDescriptionSet = false;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  readonly connectionState = signal<RTCPeerConnectionState>('new');
  readonly localStream = signal<MediaStream | null>(null);
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly quality = signal<CallQuality | null>(null);
  readonly muted = signal(false);
  readonly cameraOff = signal(false);

  constructor(
    config: CallConfig,
    private readonly local: MediaStream,
    sendCandidates: (candidates: IceCandidate[]) => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: config.iceServers });
    this.batcher = new IceBatcher(sendCandidates);
    this.localStream.set(local);
    local.getTracks().forEach((track) => this.pc.addTrack(track, local));
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        this.batcher.add(candidate.toJSON());
      } else {
        this.batcher.end();
      }
    };
    this.pc.ontrack = ({ streams, track }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      // A fresh object each time, so views bound to the signal see the new track.
      this.remoteStream.set(new MediaStream(stream.getTracks()));
    };
    this.pc.onconnectionstatechange = () => this.connectionState.set(this.pc.connectionState);
    this.statsTimer = setInterval(() => void this.readStats(), STATS_INTERVAL_MS);
  }

  /** The caller's side: an offer for `media` (video calls also receive video). */
  async createOffer(media: CallMedia): Promise<string> {
    if (media === 'video' && this.local.getVideoTracks().length === 0) {
      this.pc.addTransceiver('video', { direction: 'recvonly' });
    }
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    return offer.sdp ?? '';
  }

  /** The callee's side: the caller's offer in, our answer out. */
  async acceptOffer(sdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await this.remoteReady();
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return answer.sdp ?? '';
  }

  /** The caller's side: the callee's answer. */
  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.remoteReady();
  }

  /** The call has an id: local candidates may be sent. */
  startSendingCandidates(): void {
    this.batcher.start();
  }

  /** Remote candidates; an empty list ends them. Held until the remote description is set. */
  async addRemoteCandidates(candidates: IceCandidate[]): Promise<void> {
    if (!this.remoteDescriptionSet) {
      this.remoteQueue.push(candidates);
      return;
    }
    if (candidates.length === 0) {
      // End of candidates; older engines refuse the call, which changes nothing.
      await this.pc.addIceCandidate().catch(() => undefined);
      return;
    }
    for (const candidate of candidates) {
      // One malformed or stale candidate must not cost the others.
      await this.pc.addIceCandidate(candidate).catch(() => undefined);
    }
  }

  setMuted(muted: boolean): void {
    this.local.getAudioTracks().forEach((track) => (track.enabled = !muted));
    this.muted.set(muted);
  }

  setCameraOff(off: boolean): void {
    this.local.getVideoTracks().forEach((track) => (track.enabled = !off));
    this.cameraOff.set(off);
  }

  hasVideo(): boolean {
    return this.local.getVideoTracks().length > 0;
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.batcher.stop();
    if (this.statsTimer) {
      clearInterval(this.statsTimer);
    }
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.local.getTracks().forEach((track) => track.stop());
    this.connectionState.set('closed');
  }

  private async remoteReady(): Promise<void> {
    this.remoteDescriptionSet = true;
    for (const batch of this.remoteQueue.splice(0)) {
      await this.addRemoteCandidates(batch);
    }
  }

  private async readStats(): Promise<void> {
    if (this.closed) {
      return;
    }
    const report = await this.pc.getStats();
    this.quality.set(qualityOf(report));
  }
}

interface StatsEntry {
  type: string;
  kind?: string;
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
  bytesReceived?: number;
  packetsReceived?: number;
  packetsLost?: number;
}

/** Round trip of the nominated pair, inbound loss and bytes per kind. */
export function qualityOf(report: RTCStatsReport): CallQuality {
  let roundTripMs: number | null = null;
  let lost = 0;
  let received = 0;
  const bytesReceived = { audio: 0, video: 0 };
  report.forEach((entry: StatsEntry) => {
    if (entry.type === 'candidate-pair' && entry.state === 'succeeded' && entry.nominated && entry.currentRoundTripTime !== undefined) {
      roundTripMs = Math.round(entry.currentRoundTripTime * 1000);
    }
    if (entry.type === 'inbound-rtp' && (entry.kind === 'audio' || entry.kind === 'video')) {
      bytesReceived[entry.kind] += entry.bytesReceived ?? 0;
      lost += Math.max(0, entry.packetsLost ?? 0);
      received += entry.packetsReceived ?? 0;
    }
  });
  return { roundTripMs, packetLoss: lost + received > 0 ? lost / (lost + received) : 0, bytesReceived };
}
