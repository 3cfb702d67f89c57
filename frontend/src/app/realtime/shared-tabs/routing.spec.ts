import { describe, expect, it } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';

import { cursorOf } from '../testing/fake-event-source';
import { type TabWants, buildRequest, hintKey, planWants, recipients } from './routing';

const USER = 'user:u1';
const B1 = 'board:b1';
const B2 = 'board:b2';

function wants(channels: string[], hints: Record<string, string> = {}, lost: string[] = []): TabWants {
  return { channels, streamed: channels.filter((channel) => !lost.includes(channel)), hints };
}

function event(partial: Partial<AnyEventEnvelope> & Pick<AnyEventEnvelope, 'type' | 'data'>): AnyEventEnvelope {
  return { id: '', channel: '', timestamp: '', userId: null, ...partial };
}

describe('routing an event to tabs', () => {
  const tabs = new Map([
    ['a', wants([USER, B1])],
    ['b', wants([USER, B2])],
    ['c', wants([USER, B1], {}, [B1])],
  ]);

  it('goes to the tabs of its channel only', () => {
    expect(recipients(event({ channel: B2, type: 'note.deleted', data: { boardId: 'b2', noteId: 'n' } }), tabs, 'u1')).toEqual(['b']);
    expect(recipients(event({ channel: USER, type: 'notification.read', data: {} }), tabs, 'u1')).toEqual(['a', 'b', 'c']);
    expect(recipients(event({ type: 'heartbeat', data: {} }), tabs, 'u1')).toEqual([]);
  });

  it('hands a reset to the tabs of the channels it names, and an access loss to the tabs of the lost channel', () => {
    expect(recipients(event({ type: 'reset', data: { channels: [B2] } }), tabs, 'u1')).toEqual(['b']);
    expect(recipients(event({ type: 'channel.revoked', data: { channel: B1, reason: 'removed' } }), tabs, 'u1')).toEqual(['a', 'c']);
    const removed = event({ channel: USER, type: 'board.member_removed', data: { boardId: 'b2', userId: 'u1', reason: 'removed' } });
    expect(recipients(removed, new Map([['b', wants([B2])]]), 'u1')).toEqual(['b']);
  });
});

describe('the shared stream’s request', () => {
  it('carries the union of the tabs’ channels, without lost or refused ones', () => {
    const tabs = new Map([
      ['a', wants([USER, B1])],
      ['b', wants([USER, B2, 'board:b3'], {}, ['board:b3'])],
      ['c', wants([USER, 'board:b4'])],
    ]);
    expect(buildRequest(tabs, new Set(['board:b4']), '', new Set()).channels).toEqual([USER, B1, B2]);
  });

  it('resumes each channel from the oldest position a tab still needs, and says which hints it covers', () => {
    const tabs = new Map([
      ['a', wants([USER, B1], { [B1]: cursorOf({ [B1]: '7-0' }) })],
      ['b', wants([B1, B2], { [B1]: cursorOf({ [B1]: '3-0' }), [B2]: cursorOf({ [B2]: '9-0' }, 'e2') })],
    ]);
    const stream = cursorOf({ [USER]: '5-0', [B1]: '6-0', [B2]: '12-0' });
    const request = buildRequest(tabs, new Set(), stream, new Set());
    // b1: b's snapshot is older than the stream; b2: another history wins, as a single tab's would.
    expect(request.cursor).toBe([`${USER}@e1:5-0`, `${B1}@e1:3-0`, `${B2}@e2:9-0`].join(','));
    expect(request.covered.map(hintKey)).toEqual([
      `a|${B1}|${cursorOf({ [B1]: '7-0' })}`,
      `b|${B1}|${cursorOf({ [B1]: '3-0' })}`,
      `b|${B2}|${cursorOf({ [B2]: '9-0' }, 'e2')}`,
    ]);

    const covered = new Set(request.covered.map(hintKey));
    expect(buildRequest(tabs, new Set(), stream, covered).cursor).toBe(stream);
  });
});

describe('planning for changed wants', () => {
  const stream = cursorOf({ [USER]: '5-0', [B1]: '6-0' });

  it('reconnects when a channel is new to the stream', () => {
    const tabs = new Map([['a', wants([USER, B1, B2])]]);
    expect(planWants(tabs, new Set(), [USER, B1], stream, new Set()).reconnect).toBe(true);
    expect(planWants(tabs, new Set([B2]), [USER, B1], stream, new Set()).reconnect).toBe(false);
  });

  it('keeps the stream for a snapshot it has not passed yet, and goes back for one it has', () => {
    const newer = new Map([['b', wants([B1], { [B1]: cursorOf({ [B1]: '8-0' }) })]]);
    const plan = planWants(newer, new Set(), [USER, B1], stream, new Set());
    expect(plan).toEqual({ reconnect: false, covered: [{ tab: 'b', channel: B1, hint: cursorOf({ [B1]: '8-0' }) }] });

    const older = new Map([['b', wants([B1], { [B1]: cursorOf({ [B1]: '4-0' }) })]]);
    expect(planWants(older, new Set(), [USER, B1], stream, new Set()).reconnect).toBe(true);
    const coveredAlready = new Set([hintKey({ tab: 'b', channel: B1, hint: cursorOf({ [B1]: '4-0' }) })]);
    expect(planWants(older, new Set(), [USER, B1], stream, coveredAlready)).toEqual({ reconnect: false, covered: [] });
  });

  it('does not reconnect when a channel leaves the union (the next reconnect drops it)', () => {
    expect(planWants(new Map([['a', wants([USER])]]), new Set(), [USER, B1], stream, new Set()).reconnect).toBe(false);
  });
});
