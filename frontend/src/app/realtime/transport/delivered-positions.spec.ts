import { describe, expect, it } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { DeliveredPositions } from './delivered-positions';

const event = (channel: string, id: string): AnyEventEnvelope => ({
  id,
  channel,
  type: 'note.deleted',
  timestamp: '',
  userId: null,
  data: { boardId: 'b1', noteId: 'n1' },
});

describe('DeliveredPositions', () => {
  it('admits each stored event once, in order, per channel', () => {
    const delivered = new DeliveredPositions();
    const admitted = [
      event('board:b1', '9-0'),
      event('board:b1', '10-0'),
      event('board:b2', '1-0'),
      event('board:b1', '9-0'),
      event('board:b1', '10-0'),
      event('board:b1', '10-1'),
    ].filter((candidate) => delivered.admit(candidate));
    expect(admitted.map((e) => `${e.channel} ${e.id}`)).toEqual(['board:b1 9-0', 'board:b1 10-0', 'board:b2 1-0', 'board:b1 10-1']);
  });

  it('always admits control and ephemeral events (no id)', () => {
    const delivered = new DeliveredPositions();
    expect(delivered.admit(event('', ''))).toBe(true);
    expect(delivered.admit(event('board:b1', ''))).toBe(true);
    expect(delivered.admit(event('board:b1', ''))).toBe(true);
  });

  it('admits again from a snapshot’s cursor, and from scratch after a reset', () => {
    const delivered = new DeliveredPositions();
    delivered.admit(event('board:b1', '9-0'));
    delivered.rewind('board:b1@e1:5-0');
    expect(delivered.admit(event('board:b1', '6-0'))).toBe(true);

    delivered.forget(['board:b1']);
    expect(delivered.admit(event('board:b1', '1-0'))).toBe(true);
  });
});
