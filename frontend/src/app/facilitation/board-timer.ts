import { ChangeDetectionStrategy, Component, type ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';

import { MAX_TIMER_MS, MIN_TIMER_MS } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { Chime } from './chime';
import { canFacilitate } from './facilitator';
import { formatClock, parseDuration, spokenClock } from './timer-state';
import { TimerStore } from './timer-store';

const PRESET_MINUTES = [1, 3, 5, 10];
const MINUTE = 60_000;

/** The board's shared countdown: everyone sees it; editors start, pause, resume, extend and reset it. */
@Component({
  selector: 'cb-board-timer',
  template: `
    <div class="timer" [class.running]="status() === 'running'" [class.paused]="status() === 'paused'" [class.up]="timer.timeUp()">
      <span
        class="clock"
        role="timer"
        data-testid="timer-clock"
        [attr.data-status]="timer.timeUp() ? 'up' : status()"
        [attr.aria-label]="'Timer: ' + spoken()"
        >{{ timer.timeUp() ? "Time's up" : clock() }}</span
      >
      <p class="visually-hidden" role="status" aria-live="polite">{{ announcement() }}</p>
      @if (canRun()) {
        @switch (status()) {
          @case ('running') {
            @if (!timer.timeUp()) {
              <button
                type="button"
                class="icon"
                data-testid="timer-pause"
                aria-label="Pause timer"
                title="Pause"
                (click)="timer.command({ action: 'pause' })"
              >
                <svg viewBox="0 0 20 20" aria-hidden="true">
                  <path d="M7 4v12M13 4v12" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
                </svg>
              </button>
              <button
                type="button"
                class="icon text"
                data-testid="timer-extend"
                aria-label="Add one minute"
                title="Add one minute"
                (click)="extend()"
              >
                +1
              </button>
            }
          }
          @case ('paused') {
            <button
              type="button"
              class="icon"
              data-testid="timer-resume"
              aria-label="Resume timer"
              title="Resume"
              (click)="timer.command({ action: 'resume' })"
            >
              <svg viewBox="0 0 20 20" aria-hidden="true"><path d="M6 4l10 6-10 6z" fill="currentColor" /></svg>
            </button>
            <button
              type="button"
              class="icon text"
              data-testid="timer-extend"
              aria-label="Add one minute"
              title="Add one minute"
              (click)="extend()"
            >
              +1
            </button>
          }
        }
        @if (status() === 'idle' || timer.timeUp()) {
          <button
            type="button"
            class="icon"
            data-testid="timer-menu"
            aria-label="Start a timer"
            title="Start a timer"
            #menuToggle
            aria-haspopup="true"
            [attr.aria-expanded]="menuOpen()"
            (click)="menuOpen.set(!menuOpen())"
          >
            <svg viewBox="0 0 20 20" aria-hidden="true"><path d="M6 4l10 6-10 6z" fill="currentColor" /></svg>
          </button>
        }
        @if (status() !== 'idle') {
          <button type="button" class="icon" data-testid="timer-reset" aria-label="Reset timer" title="Reset" (click)="reset()">
            <svg viewBox="0 0 20 20" aria-hidden="true">
              <path
                d="M4.5 9a5.5 5.5 0 1 1 1.6 4.6M4.5 4.5V9H9"
                fill="none"
                stroke="currentColor"
                stroke-width="1.8"
                stroke-linecap="round"
                stroke-linejoin="round"
              />
            </svg>
          </button>
        }
      }
      <button
        type="button"
        class="icon"
        data-testid="timer-mute"
        [attr.aria-pressed]="chime.muted()"
        [attr.aria-label]="chime.muted() ? 'Sound off (turn on)' : 'Sound on (mute)'"
        [title]="chime.muted() ? 'Sound off' : 'Sound on'"
        (click)="chime.setMuted(!chime.muted())"
      >
        @if (chime.muted()) {
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path
              d="M3 8v4h3l4 3V5L6 8zM13 8l4 4M17 8l-4 4"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        } @else {
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path
              d="M3 8v4h3l4 3V5L6 8zM13.5 7.5a3.5 3.5 0 0 1 0 5M15.5 5.5a6.5 6.5 0 0 1 0 9"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        }
      </button>
      @if (menuOpen()) {
        <div class="menu" role="group" aria-label="Timer length" data-testid="timer-presets" (keydown.escape)="closeMenu()">
          @for (minutes of presets; track minutes) {
            <button
              type="button"
              #preset
              class="btn btn-ghost"
              [attr.data-testid]="'timer-preset-' + minutes"
              (click)="start(minutes * minute)"
            >
              {{ minutes }} min
            </button>
          }
          <form class="custom" (submit)="$event.preventDefault(); startCustom()" novalidate>
            <label for="timer-custom">Custom</label>
            <input
              id="timer-custom"
              data-testid="timer-custom"
              placeholder="mm:ss"
              autocomplete="off"
              [value]="custom()"
              [attr.aria-invalid]="customError() ? 'true' : null"
              aria-describedby="timer-custom-error"
              (input)="custom.set($any($event.target).value); customError.set('')"
            />
            <button type="submit" class="btn btn-primary" data-testid="timer-custom-start">Start</button>
            @if (customError()) {
              <span class="field-error" id="timer-custom-error" role="alert">{{ customError() }}</span>
            }
          </form>
        </div>
      }
    </div>
  `,
  styles: `
    :host {
      position: relative;
    }
    .timer {
      display: flex;
      align-items: center;
      gap: 0.125rem;
      min-height: 2.25rem;
      padding: 0 0.25rem 0 0.625rem;
      background: var(--surface);
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
    }
    .timer.running {
      border-color: var(--accent);
    }
    .timer.paused .clock {
      color: var(--muted);
    }
    .timer.up {
      background: var(--danger-soft);
      border-color: var(--danger);
    }
    .clock {
      min-width: 3.25rem;
      margin-right: 0.25rem;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    .up .clock {
      color: var(--danger);
      animation: pulse 1s ease-in-out 3;
    }
    .icon {
      display: grid;
      place-items: center;
      width: 1.875rem;
      height: 1.875rem;
      padding: 0;
      font: inherit;
      font-size: 0.8125rem;
      font-weight: 700;
      color: var(--muted);
      background: none;
      border: 0;
      border-radius: 6px;
      cursor: pointer;
    }
    .icon:hover {
      color: var(--text);
      background: var(--bg);
    }
    .icon svg {
      width: 1rem;
      height: 1rem;
    }
    .menu {
      position: absolute;
      top: calc(100% + 0.375rem);
      right: 0;
      z-index: 30;
      display: grid;
      grid-template-columns: repeat(4, auto);
      gap: 0.375rem;
      width: max-content;
      padding: 0.75rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
    .menu .btn {
      min-height: 2rem;
      padding: 0 0.625rem;
    }
    .custom {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.375rem;
      grid-column: 1 / -1;
      font-size: 0.875rem;
    }
    .custom input {
      width: 5rem;
      min-height: 2rem;
      padding: 0 0.5rem;
      font: inherit;
      border: 1px solid var(--border-strong);
      border-radius: 6px;
    }
    .custom .field-error {
      flex-basis: 100%;
      color: var(--danger);
    }
    @keyframes pulse {
      50% {
        opacity: 0.4;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .up .clock {
        animation: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardTimer {
  protected readonly timer = inject(TimerStore);
  protected readonly chime = inject(Chime);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);

  protected readonly presets = PRESET_MINUTES;
  protected readonly minute = MINUTE;
  protected readonly menuOpen = signal(false);
  protected readonly custom = signal('');
  protected readonly customError = signal('');
  protected readonly status = this.timer.status;
  private readonly menuToggle = viewChild<ElementRef<HTMLButtonElement>>('menuToggle');
  private readonly firstPreset = viewChild<ElementRef<HTMLButtonElement>>('preset');
  protected readonly canRun = computed(() => canFacilitate(this.board.board(), this.auth.user()?.id));
  protected readonly clock = computed(() => formatClock(this.timer.remainingMs()));
  protected readonly spoken = computed(() =>
    this.timer.timeUp() ? "time's up" : `${spokenClock(this.timer.remainingMs())}, ${this.status()}`,
  );
  /** Read out when the timer starts, stops or ends; never each second. */
  protected readonly announcement = computed(() => {
    if (this.timer.timeUp()) {
      return "Time's up.";
    }
    const timer = this.timer.timer();
    switch (timer?.status) {
      case 'running':
        return `Timer running: ${spokenClock(timer.durationMs)}.`;
      case 'paused':
        return 'Timer paused.';
      default:
        return timer?.updatedBy ? 'Timer reset.' : '';
    }
  });

  constructor() {
    // The menu opens with the keyboard in it, on the first length.
    effect(() => this.firstPreset()?.nativeElement.focus());
  }

  protected closeMenu(): void {
    this.menuOpen.set(false);
    this.menuToggle()?.nativeElement.focus();
  }

  protected start(durationMs: number): void {
    this.menuOpen.set(false);
    this.timer.command({ action: 'start', durationMs });
  }

  protected startCustom(): void {
    const ms = parseDuration(this.custom());
    if (ms === null || ms < MIN_TIMER_MS || ms > MAX_TIMER_MS) {
      this.customError.set(`Enter minutes (e.g. 7) or mm:ss, from ${MIN_TIMER_MS / 1000} seconds to ${MAX_TIMER_MS / 3_600_000} hours.`);
      return;
    }
    this.start(ms);
  }

  protected extend(): void {
    this.timer.command({ action: 'extend', byMs: MINUTE });
  }

  protected reset(): void {
    this.timer.command({ action: 'reset' });
  }
}
