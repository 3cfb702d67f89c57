import type { BoardTimer, TimerState } from '@contracts/facilitation';

/** The board's timer and how far the server's clock is ahead of ours. */
export interface TimerModel {
  timer: BoardTimer | null;
  /** serverTime − our clock when the state arrived: add it to Date.now() to read the server's clock. */
  offsetMs: number;
}

export const NO_TIMER: TimerModel = { timer: null, offsetMs: 0 };

/** A state from an answer or timer.updated, received at `receivedAt` (our clock); never older over newer. */
export function timerApplied(model: TimerModel, state: TimerState, receivedAt: number): TimerModel {
  const serverTime = Date.parse(state.serverTime);
  const offsetMs = Number.isFinite(serverTime) ? serverTime - receivedAt : model.offsetMs;
  if (model.timer && state.timer.revision < model.timer.revision) {
    return model;
  }
  // The same revision again (a refetch) still brings a fresher clock reading.
  return { timer: state.timer, offsetMs };
}

/** What is left at our clock's `now`, in ms. */
export function remainingAt(model: TimerModel, now: number): number {
  const timer = model.timer;
  if (!timer) {
    return 0;
  }
  if (timer.status !== 'running' || !timer.endsAt) {
    return Math.max(0, timer.remainingMs);
  }
  return Math.max(0, Date.parse(timer.endsAt) - (now + model.offsetMs));
}

/**
 * mm:ss, rounding up so "00:00" shows only at zero; hours fold into minutes. Digits are the
 * locale's; the colon stays, as clocks keep it in every language we ship.
 */
export function formatClock(ms: number, locale = 'en'): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  return `${twoDigits.format(Math.floor(seconds / 60))}:${twoDigits.format(seconds % 60)}`;
}

/** Spoken form for screen readers: "4 minutes 5 seconds", "4 Minuten 5 Sekunden"; CLDR knows the plurals. */
export function spokenClock(ms: number, locale = 'en'): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const unit = (value: number, name: 'minute' | 'second'): string =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const parts = [minutes ? unit(minutes, 'minute') : '', rest || !minutes ? unit(rest, 'second') : ''].filter(Boolean);
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
}

/** "5", "1:30" or "90s" → ms; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(value);
  if (clock) {
    return (Number(clock[1]) * 60 + Number(clock[2])) * 1000;
  }
  const seconds = /^(\d{1,5})\s*s$/i.exec(value);
  if (seconds) {
    return Number(seconds[1]) * 1000;
  }
  const minutes = /^(\d{1,3}(?:\.\d+)?)\s*(?:m|min)?$/i.exec(value);
  return minutes ? Math.round(Number(minutes[1]) * 60_000) : null;
}
