import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { HeldBackMemory } from './held-back-memory';

describe('HeldBackMemory', () => {
  beforeEach(() => localStorage.clear());

  it('remembers held-back streams for a day, then forgets them', () => {
    const memory = TestBed.inject(HeldBackMemory);
    expect(memory.recent()).toBe(false);

    memory.remember(1_000);
    expect(memory.recent(1_000 + 23 * 3_600_000)).toBe(true);
    expect(memory.recent(1_000 + 24 * 3_600_000)).toBe(false);
  });

  it('forgets at once when a stream got through, and ignores what it cannot read', () => {
    const memory = TestBed.inject(HeldBackMemory);
    memory.remember();
    memory.forget();
    expect(memory.recent()).toBe(false);

    localStorage.setItem('corkboard.streamsHeldBack', 'nonsense');
    expect(memory.recent()).toBe(false);
  });
});
