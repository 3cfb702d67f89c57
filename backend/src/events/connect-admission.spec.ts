import { ConnectAdmission, MAX_RETRY_AFTER_SECONDS } from './connect-admission';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let at = 1_000_000;
  return { now: () => at, advance: (ms) => (at += ms) };
}

/** Deterministic stand-in for Math.random (a 32-bit LCG), so spreads are the same on every run. */
function seededRandom(seed = 42): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function admittedOf(admission: ConnectAdmission, attempts: number): number {
  let admitted = 0;
  for (let i = 0; i < attempts; i++) {
    if (admission.take() === undefined) {
      admitted++;
    }
  }
  return admitted;
}

describe('ConnectAdmission', () => {
  it('admits a burst at once, then as many a second as the rate', () => {
    const clock = manualClock();
    const admission = new ConnectAdmission({ ratePerSecond: 10, burst: 5, now: clock.now });

    expect(admittedOf(admission, 20)).toBe(5);
    clock.advance(100);
    expect(admittedOf(admission, 20)).toBe(1);
    clock.advance(1000);
    expect(admittedOf(admission, 20)).toBe(5);
  });

  it('saves up no more than the burst, however long it was quiet', () => {
    const clock = manualClock();
    const admission = new ConnectAdmission({ ratePerSecond: 1000, burst: 50, now: clock.now });
    clock.advance(3_600_000);
    expect(admittedOf(admission, 1000)).toBe(50);
  });

  it('admits everything when the rate is 0 (the check is off)', () => {
    const admission = new ConnectAdmission({ ratePerSecond: 0, burst: 1, now: () => 0 });
    expect(admission.enabled).toBe(false);
    expect(admittedOf(admission, 100_000)).toBe(100_000);
  });

  it('tells a lone refused connect to come back in 1 or 2 s', () => {
    for (const random of [0, 0.5, 0.999_999]) {
      const clock = manualClock();
      const admission = new ConnectAdmission({ ratePerSecond: 1000, burst: 1, now: clock.now, random: () => random });
      expect(admission.take()).toBeUndefined();
      const retryAfter = admission.take();
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
    }
  });

  it('spreads 5,000 refused connects at 1,000/s over several seconds, about the rate in each', () => {
    const clock = manualClock();
    const admission = new ConnectAdmission({ ratePerSecond: 1000, burst: 1000, now: clock.now, random: seededRandom() });
    expect(admittedOf(admission, 1000)).toBe(1000);

    const perSecond = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const retryAfter = admission.take();
      expect(retryAfter).toBeDefined();
      perSecond.set(retryAfter!, (perSecond.get(retryAfter!) ?? 0) + 1);
    }

    const seconds = [...perSecond.keys()].sort((a, b) => a - b);
    expect(seconds[0]).toBe(1);
    expect(seconds[seconds.length - 1]).toBeGreaterThanOrEqual(5);
    expect(seconds[seconds.length - 1]).toBeLessThanOrEqual(6);
    // Each second gets back about what the bucket refills in it, not the whole crowd.
    for (const count of perSecond.values()) {
      expect(count).toBeLessThanOrEqual(1100);
    }
  });

  it('forgets the queue as the bucket refills: a refusal after the storm is a lone one again', () => {
    const clock = manualClock();
    const admission = new ConnectAdmission({ ratePerSecond: 1000, burst: 1, now: clock.now, random: () => 0 });
    admittedOf(admission, 5001);
    expect(admission.take()).toBe(6);

    clock.advance(10_000);
    admittedOf(admission, 1);
    expect(admission.take()).toBe(1);
  });

  it(`never asks for more than ${MAX_RETRY_AFTER_SECONDS} s`, () => {
    const admission = new ConnectAdmission({ ratePerSecond: 1, burst: 1, now: () => 0, random: () => 0.999_999 });
    const answers = Array.from({ length: 200 }, () => admission.take());
    expect(Math.max(...answers.map((seconds) => seconds ?? 0))).toBe(MAX_RETRY_AFTER_SECONDS);
  });
});
