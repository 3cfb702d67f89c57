import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, type ElementRef, LOCALE_ID, computed, effect, inject, signal, viewChild } from '@angular/core';

import { MAX_TIMER_MS, MIN_TIMER_MS } from '@contracts/facilitation';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { Chime } from './chime';
import { canFacilitate } from './facilitator';
import { formatInteger } from '../i18n/format';
import { formatClock, parseDuration, spokenClock } from './timer-state';
import { TimerStore } from './timer-store';

const PRESET_MINUTES = [1, 3, 5, 10];
const MINUTE = 60_000;

const STATUS_WORDS: Record<string, string> = {
  running: $localize`:@@facilitation.timer.statusRunning:running`,
  paused: $localize`:@@facilitation.timer.statusPaused:paused`,
  idle: $localize`:@@facilitation.timer.statusIdle:not started`,
};

const TEXT = {
  soundOn: $localize`:@@facilitation.timer.soundOn:Sound on`,
  soundOff: $localize`:@@facilitation.timer.soundOff:Sound off`,
  soundOnLabel: $localize`:@@facilitation.timer.soundOnLabel:Sound on (mute)`,
  soundOffLabel: $localize`:@@facilitation.timer.soundOffLabel:Sound off (turn on)`,
};

/** The board's shared countdown: everyone sees it; editors start, pause, resume, extend and reset it. */
@Component({
  selector: 'cb-board-timer',
  imports: [DecimalPipe],
  templateUrl: './board-timer.html',
  styleUrl: './board-timer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardTimer {
  protected readonly timer = inject(TimerStore);
  protected readonly chime = inject(Chime);
  private readonly board = inject(BoardStore);
  private readonly auth = inject(AuthStore);
  private readonly locale = inject(LOCALE_ID);

  protected readonly text = TEXT;
  protected readonly presets = PRESET_MINUTES;
  protected readonly minute = MINUTE;
  protected readonly menuOpen = signal(false);
  protected readonly custom = signal('');
  protected readonly customError = signal('');
  protected readonly status = this.timer.status;
  private readonly menuToggle = viewChild<ElementRef<HTMLButtonElement>>('menuToggle');
  private readonly firstPreset = viewChild<ElementRef<HTMLButtonElement>>('preset');
  protected readonly canRun = computed(() => canFacilitate(this.board.board(), this.auth.user()?.id));
  protected readonly clock = computed(() => formatClock(this.timer.remainingMs(), this.locale));
  protected readonly spoken = computed(() =>
    this.timer.timeUp()
      ? $localize`:@@facilitation.timer.spokenUp:time's up`
      : $localize`:@@facilitation.timer.spoken:${spokenClock(this.timer.remainingMs(), this.locale)}:time:, ${STATUS_WORDS[this.status()] ?? ''}:status:`,
  );
  /**
   * Read out when the timer starts, pauses or resumes; never each second. Its end (run out,
   * stopped, reset) is told by the announcer, live only: this region would also speak for a
   * state read on arrival.
   */
  protected readonly announcement = computed(() => {
    const timer = this.timer.timer();
    if (this.timer.timeUp()) {
      return '';
    }
    switch (timer?.status) {
      case 'running':
        return $localize`:@@facilitation.timer.announceRunning:Timer running: ${spokenClock(timer.durationMs, this.locale)}:time:.`;
      case 'paused':
        return $localize`:@@facilitation.timer.announcePaused:Timer paused.`;
      default:
        return '';
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
      const seconds = formatInteger(MIN_TIMER_MS / 1000, this.locale);
      const hours = formatInteger(MAX_TIMER_MS / 3_600_000, this.locale);
      this.customError.set(
        $localize`:@@facilitation.timer.customInvalid:Enter minutes (e.g. 7) or mm:ss, from ${seconds}:seconds: seconds to ${hours}:hours: hours.`,
      );
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
