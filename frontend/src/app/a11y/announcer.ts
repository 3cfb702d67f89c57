import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DestroyRef, Injectable, LOCALE_ID, inject } from '@angular/core';

import { type ChatArrival, joinedText, leftText, messagesText } from './announcements';
import { Coalescer } from './coalescer';

/** At most one announcement per kind in this long; more become one summary. */
export const ANNOUNCE_WINDOW_MS = 1500;

type Kind = 'message' | 'joined' | 'left' | 'news';

/**
 * The app's one polite live region for what others do: chat messages and people coming and
 * going, and what happens to the whole board (a vote or the timer ends). Callers pass only
 * others' actions and live endings; the user's own echoes are never announced.
 */
@Injectable({ providedIn: 'root' })
export class Announcer {
  private readonly live = inject(LiveAnnouncer);
  private readonly locale = inject(LOCALE_ID);
  private readonly coalescer = new Coalescer<Kind, unknown>((kind, items) => this.speak(kind, items), ANNOUNCE_WINDOW_MS);
  /** Texts due in the same task are read as one, so one kind does not cut another off. */
  private due: string[] = [];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.coalescer.clear());
  }

  message(arrival: ChatArrival): void {
    this.coalescer.add('message', arrival);
  }

  joined(name: string): void {
    this.coalescer.add('joined', name);
  }

  left(name: string): void {
    this.coalescer.add('left', name);
  }

  /** A board-wide ending, already worded ("Time is up"); rare, so ones within a window are read together. */
  news(text: string): void {
    this.coalescer.add('news', text);
  }

  private speak(kind: Kind, items: readonly unknown[]): void {
    const text =
      kind === 'message'
        ? messagesText(items as ChatArrival[], this.locale)
        : kind === 'joined'
          ? joinedText(items as string[], this.locale)
          : kind === 'left'
            ? leftText(items as string[], this.locale)
            : (items as string[]).join('. ');
    this.due.push(text);
    if (this.due.length === 1) {
      queueMicrotask(() => {
        const texts = this.due;
        this.due = [];
        void this.live.announce(texts.join('. '), 'polite');
      });
    }
  }
}
