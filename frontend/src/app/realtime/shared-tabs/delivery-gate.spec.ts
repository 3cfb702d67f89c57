import { describe, expect, it } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { cursorOf } from '../testing/fake-event-source';
import { DeliveryGate } from './delivery-gate';
import { compareEventIds, positionIn } from './event-order';

const BOARD = 'board:b1';

function note(id: string, channel = BOARD): AnyEventEnvelope {
  return { id, channel, type: 'note.deleted', timestamp: '', userId: null, data: { boardId: 'b1', noteId: id } };
}

describe('event ids', () => {
  it('compare as numbers: a shorter digit run is smaller', () => {
    expect(compareEventIds('999-0', '1000-0')).toBe(-1);
    expect(compareEventIds('1000-2', '1000-10')).toBe(-1);
    expect(compareEventIds('1000-10', '1000-10')).toBe(0);
    expect(compareEventIds('1763790000001-0', '1763790000000-7')).toBe(1);
  });

  it('are found per channel in a cursor, by exact channel name', () => {
    const cursor = cursorOf({ 'board:b10': '5-0', [BOARD]: '7-1', 'user:u1': '2-0' });
    expect(positionIn(cursor, BOARD)).toEqual({ epoch: 'e1', id: '7-1' });
    expect(positionIn(cursor, 'board:b10')).toEqual({ epoch: 'e1', id: '5-0' });
    expect(positionIn(cursor, 'board:b2')).toBeUndefined();
  });
});

describe('DeliveryGate', () => {
  it('lets each event through once, in the order of its channel', () => {
    const gate = new DeliveryGate();
    const passed = ['1-0', '2-0', '2-0', '1-0', '10-0'].filter((id) => gate.admit(note(id), cursorOf({ [BOARD]: id })));
    expect(passed).toEqual(['1-0', '2-0', '10-0']);
  });

  it('starts from the snapshot’s cursor, so a stream resumed from an older one doubles nothing', () => {
    const gate = new DeliveryGate();
    gate.seed(BOARD, cursorOf({ [BOARD]: '5-0' }));
    const passed = ['4-0', '5-0', '6-0'].filter((id) => gate.admit(note(id), cursorOf({ [BOARD]: id })));
    expect(passed).toEqual(['6-0']);
  });

  it('keeps channels apart, never holds back ephemeral events, and starts over after a reset or in a new history', () => {
    const gate = new DeliveryGate();
    expect(gate.admit(note('9-0'), cursorOf({ [BOARD]: '9-0' }))).toBe(true);
    expect(gate.admit(note('3-0', 'board:b2'), cursorOf({ [BOARD]: '9-0', 'board:b2': '3-0' }))).toBe(true);
    expect(gate.admit(note(''), cursorOf({ [BOARD]: '9-0' }))).toBe(true);
    expect(gate.admit(note(''), cursorOf({ [BOARD]: '9-0' }))).toBe(true);
    // Another epoch: the ids start again lower.
    expect(gate.admit(note('2-0'), cursorOf({ [BOARD]: '2-0' }, 'e2'))).toBe(true);
    const reset: AnyEventEnvelope = { id: '', channel: '', type: 'reset', timestamp: '', userId: null, data: { channels: [BOARD] } };
    expect(gate.admit(reset, cursorOf({ [BOARD]: '1-0' }, 'e3'))).toBe(true);
    expect(gate.admit(note('1-0'), cursorOf({ [BOARD]: '1-0' }, 'e2'))).toBe(true);
  });
});
