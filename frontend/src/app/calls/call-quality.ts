import type { CallQuality } from './call-session';

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

/** A one-word verdict from round trip and loss, as a person would judge the call. */
export function qualityLevel(quality: CallQuality | null): QualityLevel {
  if (!quality || quality.roundTripMs === null) {
    return 'unknown';
  }
  if (quality.roundTripMs > 400 || quality.packetLoss > 0.08) {
    return 'poor';
  }
  if (quality.roundTripMs > 150 || quality.packetLoss > 0.02) {
    return 'fair';
  }
  return 'good';
}

/** "12 ms · 0.4% loss" */
export function qualityDetail(quality: CallQuality | null): string {
  if (!quality || quality.roundTripMs === null) {
    return 'Measuring…';
  }
  return `${quality.roundTripMs} ms · ${(quality.packetLoss * 100).toFixed(1)}% loss`;
}

/** "0:07", "12:30", "1:02:03" */
export function callDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
