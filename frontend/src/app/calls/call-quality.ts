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

/** "12 ms · 0.4% loss", "12 ms · 0,4 % Verlust" */
export function qualityDetail(quality: CallQuality | null, locale = 'en'): string {
  if (!quality || quality.roundTripMs === null) {
    return $localize`:@@calls.quality.measuring:Measuring…`;
  }
  const roundTrip = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(quality.roundTripMs);
  const loss = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    quality.packetLoss,
  );
  return $localize`:@@calls.quality.detail:${roundTrip}:roundTrip: ms · ${loss}:loss: loss`;
}

/** "0:07", "12:30", "1:02:03", in the locale's digits. */
export function callDuration(ms: number, locale = 'en'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = twoDigits.format(total % 60);
  return hours > 0 ? `${plain.format(hours)}:${twoDigits.format(minutes)}:${seconds}` : `${plain.format(minutes)}:${seconds}`;
}
