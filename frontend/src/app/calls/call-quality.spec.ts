import { describe, expect, it } from 'vitest';

import { callDuration, qualityDetail, qualityLevel } from './call-quality';

const quality = (roundTripMs: number | null, packetLoss: number) => ({ roundTripMs, packetLoss, bytesReceived: { audio: 0, video: 0 } });

describe('call quality', () => {
  it('judges round trip and loss', () => {
    expect(qualityLevel(null)).toBe('unknown');
    expect(qualityLevel(quality(null, 0))).toBe('unknown');
    expect(qualityLevel(quality(20, 0))).toBe('good');
    expect(qualityLevel(quality(200, 0))).toBe('fair');
    expect(qualityLevel(quality(20, 0.05))).toBe('fair');
    expect(qualityLevel(quality(20, 0.1))).toBe('poor');
    expect(qualityLevel(quality(600, 0))).toBe('poor');
  });

  it('says round trip and loss in words', () => {
    expect(qualityDetail(quality(12, 0.004))).toBe('12 ms · 0.4% loss');
    expect(qualityDetail(null)).toBe('Measuring…');
  });

  it('formats the call timer', () => {
    expect(callDuration(7_400)).toBe('0:07');
    expect(callDuration(750_000)).toBe('12:30');
    expect(callDuration(3_723_000)).toBe('1:02:03');
    expect(callDuration(-5)).toBe('0:00');
  });

  it('formats durations, round trips and loss for the locale', () => {
    expect(callDuration(3_723_000, 'ar-EG')).toBe('١:٠٢:٠٣');
    // German puts a no-break space before %.
    expect(qualityDetail(quality(1200, 0.004), 'de').replace(/\s/g, ' ')).toBe('1.200 ms · 0,4 % loss');
  });
});
