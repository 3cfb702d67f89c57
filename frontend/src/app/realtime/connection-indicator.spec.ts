import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';

import { ConnectionIndicator } from './connection-indicator';
import { type ConnectionState, RealtimeClient, type Transport } from './realtime-client';

describe('ConnectionIndicator', () => {
  function render(state: ConnectionState, transport: Transport): HTMLElement {
    TestBed.configureTestingModule({
      providers: [{ provide: RealtimeClient, useValue: { state: signal(state), transport: signal(transport), latencyMs: signal(42) } }],
    });
    const fixture = TestBed.createComponent(ConnectionIndicator);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says live over a stream, with the round trip', () => {
    const badge = render('live', 'stream');
    const state = badge.querySelector('[data-testid="connection-state"]')!;
    expect(state.textContent).toBe('live');
    expect(state.getAttribute('data-transport')).toBe('stream');
    expect(badge.querySelector('[data-testid="latency"]')?.textContent).toBe('42 ms');
  });

  it('says live · polling when long polls carry the events', () => {
    const badge = render('live', 'poll');
    const state = badge.querySelector('[data-testid="connection-state"]')!;
    expect(state.textContent).toBe('live · polling');
    expect(state.getAttribute('data-state')).toBe('live');
    expect(state.getAttribute('data-transport')).toBe('poll');
    expect(badge.querySelector('.indicator')?.getAttribute('title')).toBe('Live · polling');
  });

  it('says reconnecting, not polling, while neither transport gets through', () => {
    const badge = render('reconnecting', 'poll');
    expect(badge.querySelector('[data-testid="connection-state"]')?.textContent).toBe('reconnecting');
    expect(badge.querySelector('.indicator')?.getAttribute('title')).toBe('Reconnecting…');
  });
});
