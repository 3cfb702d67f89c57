import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, BoardRole } from '@contracts/boards';
import type { BoardTimer as Timer, TimerState } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardTimer } from './board-timer';
import { Chime } from './chime';
import { TimerStore } from './timer-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const boardWith = (role: BoardRole): Board => ({
  id: 'b1',
  title: 'Retro',
  ownerId: role === 'owner' ? 'u1' : 'u2',
  members: [
    { id: 'u2', username: 'bob', displayName: 'Bob', role: role === 'owner' ? 'editor' : 'owner' },
    { ...alice, role },
  ],
  createdAt: '',
});
const state = (timer: Partial<Timer> = {}): TimerState => ({
  timer: { status: 'idle', durationMs: 300_000, remainingMs: 300_000, updatedBy: null, revision: 0, ...timer },
  serverTime: new Date().toISOString(),
});

@Component({
  imports: [BoardTimer],
  template: `<cb-board-timer />`,
  providers: [BoardStore, TimerStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly boards = inject(BoardStore);
  readonly timer = inject(TimerStore);
}

describe('BoardTimer', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Host>;
  let page: HTMLElement;
  const byTestId = (id: string): HTMLElement | null => page.querySelector(`[data-testid="${id}"]`);

  async function open(role: BoardRole, timer = state()): Promise<void> {
    fixture = TestBed.createComponent(Host);
    page = fixture.nativeElement as HTMLElement;
    void fixture.componentInstance.boards.open('b1');
    http.expectOne('/api/boards/b1').flush({ board: boardWith(role), notes: [], cursor: 'c' });
    await vi.waitFor(() => expect(fixture.componentInstance.boards.board()).not.toBeNull());
    fixture.componentInstance.timer.open('b1');
    http.expectOne('/api/boards/b1/timer').flush(timer);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.removeItem('corkboard.timer.muted');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: RealtimeClient,
          useValue: {
            channel: vi.fn(() => new Subject().asObservable()),
            on: vi.fn(() => NEVER),
            resume: vi.fn(),
            refused$: new Subject(),
            state: signal('live'),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  afterEach(() => localStorage.removeItem('corkboard.timer.muted'));

  it('shows a viewer the countdown but no controls', async () => {
    await open('viewer', state({ status: 'paused', remainingMs: 90_000, revision: 2 }));
    expect(byTestId('timer-clock')?.textContent?.trim()).toBe('01:30');
    expect(byTestId('timer-clock')?.getAttribute('role')).toBe('timer');
    expect(byTestId('timer-resume')).toBeNull();
    expect(byTestId('timer-reset')).toBeNull();
    expect(byTestId('timer-menu')).toBeNull();
    // Everyone may mute their own sound.
    expect(byTestId('timer-mute')).not.toBeNull();
  });

  it('lets an editor start a preset from a menu that opens on its first length', async () => {
    await open('editor');
    byTestId('timer-menu')!.click();
    await fixture.whenStable();
    expect(document.activeElement).toBe(byTestId('timer-preset-1'));

    byTestId('timer-preset-3')!.click();
    const request = http.expectOne({ method: 'POST', url: '/api/boards/b1/timer' });
    expect(request.request.body).toEqual({ action: 'start', durationMs: 180_000 });
    request.flush(
      state({
        status: 'running',
        durationMs: 180_000,
        remainingMs: 180_000,
        endsAt: new Date(Date.now() + 180_000).toISOString(),
        revision: 1,
      }),
    );
    await fixture.whenStable();
    expect(byTestId('timer-clock')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('timer-pause')).not.toBeNull();
    expect(byTestId('timer-presets')).toBeNull();
  });

  it('refuses a custom length outside the limits, with a message, and sends nothing', async () => {
    await open('owner');
    byTestId('timer-menu')!.click();
    await fixture.whenStable();
    const input = byTestId('timer-custom') as HTMLInputElement;
    input.value = '2s';
    input.dispatchEvent(new Event('input'));
    byTestId('timer-custom-start')!.click();
    await fixture.whenStable();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('from 5 seconds');
    http.expectNone({ method: 'POST' });
  });

  it('remembers the mute switch', async () => {
    await open('viewer');
    const chime = TestBed.inject(Chime);
    expect(chime.muted()).toBe(false);
    byTestId('timer-mute')!.click();
    await fixture.whenStable();
    expect(byTestId('timer-mute')?.getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem('corkboard.timer.muted')).toBe('1');
  });
});
