import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';

const MUTE_KEY = 'corkboard.timer.muted';

/** The timer's "time's up" sound, made with Web Audio (no asset to load), and its remembered mute switch. */
@Injectable({ providedIn: 'root' })
export class Chime {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly mutedState = signal(this.readMuted());
  private context: AudioContext | null = null;

  readonly muted = this.mutedState.asReadonly();

  setMuted(muted: boolean): void {
    this.mutedState.set(muted);
    try {
      this.window?.localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
    } catch {
      // Storage can be off (private mode): the switch then lasts for this page only.
    }
    if (!muted) {
      // Called from a click: browsers let audio start only after a user gesture.
      this.audio();
    }
  }

  /** Primes audio during a user gesture, so the sound may play later when nobody clicks. */
  prime(): void {
    if (!this.mutedState()) {
      this.audio();
    }
  }

  /** Three short rising beeps. */
  play(): void {
    if (this.mutedState()) {
      return;
    }
    const context = this.audio();
    if (!context) {
      return;
    }
    const start = context.currentTime + 0.02;
    [660, 880, 1100].forEach((frequency, i) => {
      const at = start + i * 0.22;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.2);
    });
  }

  private audio(): AudioContext | null {
    const Context = this.window?.AudioContext;
    if (!Context) {
      return null;
    }
    try {
      this.context ??= new Context();
      if (this.context.state === 'suspended') {
        void this.context.resume();
      }
      return this.context;
    } catch {
      return null;
    }
  }

  private readMuted(): boolean {
    try {
      return this.window?.localStorage.getItem(MUTE_KEY) === '1';
    } catch {
      return false;
    }
  }
}
