/** One ring: two seconds of tone, then four of silence (the classic North American cadence). */
const RING_ON_S = 2;
const RING_PERIOD_S = 6;
const TONES_HZ = [440, 480];
const VOLUME = 0.08;

/**
 * The incoming-call ring, synthesised with WebAudio oscillators, so no asset is needed.
 * `stop()` is safe to call any number of times, from any exit path.
 */
export class Ringtone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  get playing(): boolean {
    return this.context !== null;
  }

  start(): void {
    if (this.context || typeof AudioContext === 'undefined') {
      return;
    }
    const context = new AudioContext();
    this.context = context;
    // Without a prior gesture on the page the browser may keep it suspended; the dialog still shows.
    void context.resume().catch(() => undefined);
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(context.destination);
    for (const frequency of TONES_HZ) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
    }
    const ring = () => {
      const now = context.currentTime;
      gain.gain.setValueAtTime(VOLUME, now);
      gain.gain.setValueAtTime(0, now + RING_ON_S);
    };
    ring();
    this.timer = setInterval(ring, RING_PERIOD_S * 1000);
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    const context = this.context;
    this.context = null;
    void context?.close().catch(() => undefined);
  }
}
