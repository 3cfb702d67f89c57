import { describe, expect, it } from 'vitest';

import type { Call } from '@contracts/calls';

import { type CallPhase, IDLE, callReducer, isFree, phaseCallId } from './call-state';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

function call(id: string, state: Call['state'] = 'ringing'): Call {
  return { id, callerId: alice.id, calleeId: bob.id, media: 'video', state, createdAt: '2026-12-02T12:00:00.000Z' };
}

function ringing(id = 'c1'): CallPhase {
  return callReducer(IDLE, { type: 'offered', call: call(id), from: alice, sdp: 'offer-sdp' });
}

function dialled(id = 'c1'): CallPhase {
  const dialling = callReducer(IDLE, { type: 'dial', peer: bob, media: 'video' });
  return callReducer(dialling, { type: 'dialled', call: call(id) });
}

describe('callReducer', () => {
  it('caller: dial → ringing → connecting on the answer → active once connected → ended by a hang-up', () => {
    const dialling = callReducer(IDLE, { type: 'dial', peer: bob, media: 'video' });
    expect(dialling).toEqual({ kind: 'outgoing-ringing', call: null, peer: bob, media: 'video' });
    const ringingOut = callReducer(dialling, { type: 'dialled', call: call('c1') });
    expect(phaseCallId(ringingOut)).toBe('c1');
    const connecting = callReducer(ringingOut, { type: 'answer-received', callId: 'c1' });
    expect(connecting).toMatchObject({ kind: 'connecting', role: 'caller', media: 'video' });
    const active = callReducer(connecting, { type: 'connected', callId: 'c1', at: 1000 });
    expect(active).toMatchObject({ kind: 'active', connectedAt: 1000, peer: bob });
    expect(callReducer(active, { type: 'ended', callId: 'c1', reason: 'hangup' })).toEqual({
      kind: 'ended',
      callId: 'c1',
      peer: bob,
      role: 'caller',
      reason: 'hangup',
      message: null,
    });
  });

  it('callee: an offer rings, accepting with audio connects with audio only', () => {
    const phase = ringing();
    expect(phase).toEqual({ kind: 'incoming-ringing', call: call('c1'), peer: alice, sdp: 'offer-sdp' });
    expect(callReducer(phase, { type: 'accept', media: 'audio' })).toMatchObject({ kind: 'connecting', role: 'callee', media: 'audio' });
  });

  it('an offer for a call that is no longer ringing does not ring', () => {
    expect(callReducer(IDLE, { type: 'offered', call: call('c1', 'active'), from: alice, sdp: 's' })).toBe(IDLE);
    expect(callReducer(IDLE, { type: 'offered', call: call('c1', 'ended'), from: alice, sdp: 's' })).toBe(IDLE);
  });

  it('a replayed offer of the call that just ended here does not ring again', () => {
    const ended = callReducer(ringing('c1'), { type: 'ended', callId: 'c1', reason: 'cancelled' });
    expect(callReducer(ended, { type: 'offered', call: call('c1'), from: alice, sdp: 's' })).toBe(ended);
    // A new call does ring.
    expect(callReducer(ended, { type: 'offered', call: call('c2'), from: alice, sdp: 's' })).toMatchObject({ kind: 'incoming-ringing' });
  });

  it('an offer while already in a call does not ring', () => {
    const inCall = callReducer(ringing('c1'), { type: 'accept', media: 'video' });
    expect(callReducer(inCall, { type: 'offered', call: call('c2'), from: alice, sdp: 's' })).toBe(inCall);
    const out = dialled('c3');
    expect(callReducer(out, { type: 'offered', call: call('c4'), from: alice, sdp: 's' })).toBe(out);
  });

  it('answered on another device stops ringing here; our own answer does not', () => {
    expect(callReducer(ringing(), { type: 'answered', callId: 'c1', deviceId: 'other-tab', myDeviceId: 'this-tab' })).toEqual({
      kind: 'answered-elsewhere',
      call: call('c1'),
      peer: alice,
      via: 'answered',
    });
    const accepted = callReducer(ringing(), { type: 'accept', media: 'video' });
    expect(callReducer(accepted, { type: 'answered', callId: 'c1', deviceId: 'this-tab', myDeviceId: 'this-tab' })).toBe(accepted);
  });

  it('declined or missed: the ringing ends with that reason', () => {
    expect(callReducer(ringing(), { type: 'ended', callId: 'c1', reason: 'missed' })).toMatchObject({
      kind: 'ended',
      reason: 'missed',
      role: 'callee',
    });
    expect(callReducer(dialled(), { type: 'ended', callId: 'c1', reason: 'declined' })).toMatchObject({
      kind: 'ended',
      reason: 'declined',
    });
  });

  it('events of another call are ignored', () => {
    const phase = dialled('c1');
    expect(callReducer(phase, { type: 'answer-received', callId: 'c9' })).toBe(phase);
    expect(callReducer(phase, { type: 'ended', callId: 'c9', reason: 'hangup' })).toBe(phase);
    expect(callReducer(phase, { type: 'answered', callId: 'c9', deviceId: 'd', myDeviceId: 'e' })).toBe(phase);
    expect(callReducer(IDLE, { type: 'ended', callId: 'c1', reason: 'hangup' })).toBe(IDLE);
  });

  it('a second end keeps the first reason', () => {
    const ended = callReducer(dialled(), { type: 'ended', callId: 'c1', reason: 'declined' });
    expect(callReducer(ended, { type: 'ended', callId: 'c1', reason: 'hangup' })).toBe(ended);
  });

  it('a local failure ends the call with its message, also before the offer was accepted by the server', () => {
    const dialling = callReducer(IDLE, { type: 'dial', peer: bob, media: 'audio' });
    expect(callReducer(dialling, { type: 'failed', callId: null, message: 'Microphone access was denied.' })).toEqual({
      kind: 'ended',
      callId: null,
      peer: bob,
      role: 'caller',
      reason: 'failed',
      message: 'Microphone access was denied.',
    });
    expect(callReducer(dialling, { type: 'failed', callId: null, message: 'Bob is busy.', reason: 'busy' })).toMatchObject({
      reason: 'busy',
    });
  });

  it('only a free device dials, and only ended or elsewhere phases are dismissed', () => {
    const phase = dialled();
    expect(isFree(phase)).toBe(false);
    expect(callReducer(phase, { type: 'dial', peer: alice, media: 'audio' })).toBe(phase);
    expect(callReducer(phase, { type: 'dismiss' })).toBe(phase);
    const ended = callReducer(phase, { type: 'ended', callId: 'c1', reason: 'hangup' });
    expect(isFree(ended)).toBe(true);
    expect(callReducer(ended, { type: 'dismiss' })).toBe(IDLE);
  });

  it('a reloaded tab shows a call in progress elsewhere until it ends', () => {
    const elsewhere = callReducer(IDLE, { type: 'found-elsewhere', call: call('c1', 'active'), peer: null });
    expect(elsewhere).toMatchObject({ kind: 'answered-elsewhere', via: 'reload' });
    expect(callReducer(elsewhere, { type: 'ended', callId: 'c1', reason: 'hangup' })).toMatchObject({ kind: 'ended', reason: 'hangup' });
  });
});
