import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, firstValueFrom } from 'rxjs';

import { type Note, type NoteConflict, canEditNotes, roleOf } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { BoardStore } from './board-store';
import { HistoryApi } from './history-api';
import type { NoteView } from './note-entry';
import {
  type Direction,
  EMPTY_HISTORY,
  type Plan,
  type SkipReason,
  type UndoStep,
  next,
  plan,
  recorded,
  skipMessage,
  skipped,
  taken,
} from './undo-history';

/** What became of one attempt at the top step. */
type Outcome = 'done' | 'skipped' | 'kept';

/**
 * Per-tab undo and redo of the user's own note actions. Planning is in undo-history.ts; this
 * layer finds the note as it is now, sends the write with the note's current version (straight
 * to the server: an undo needs the network), and says why a step was skipped.
 * Provided by the board page next to the store.
 */
@Injectable()
export class BoardUndo {
  private readonly store = inject(BoardStore);
  private readonly api = inject(HistoryApi);
  private readonly toasts = inject(Toasts);
  private readonly auth = inject(AuthStore);

  private readonly history = signal(EMPTY_HISTORY);
  /** Entry key → note id, kept after the note leaves the board so a restore finds its steps again. */
  private readonly ids = new Map<string, string>();
  /** Note id → who last changed or deleted it, to say whose change made a step skip. */
  private readonly lastActor = new Map<string, string | null>();
  private queue: Promise<void> = Promise.resolve();
  private readonly running = signal(false);

  /** Viewers get no undo: they have no note actions to take back. */
  readonly enabled = computed(() => {
    const board = this.store.board();
    return board !== null && canEditNotes(roleOf(board, this.auth.user()?.id));
  });
  readonly canUndo = computed(() => this.enabled() && this.history().undo.length > 0);
  readonly canRedo = computed(() => this.enabled() && this.history().redo.length > 0);
  readonly busy = this.running.asReadonly();

  constructor() {
    const subscriptions = new Subscription();
    subscriptions.add(
      this.store.localChanges.subscribe((change) => {
        this.noteIdOf(change.key);
        this.history.update((history) => recorded(history, change));
      }),
    );
    subscriptions.add(this.store.events.subscribe((event) => this.noteActor(event)));
    inject(DestroyRef).onDestroy(() => subscriptions.unsubscribe());
    // A note created here gets its id from the server later: remember it for its steps.
    effect(() => {
      for (const note of this.store.notes()) {
        if (note.id !== null && note.key !== note.id) {
          this.ids.set(note.key, note.id);
        }
      }
    });
    // Another board in the same page: its history starts empty.
    let boardId: string | undefined;
    effect(() => {
      const id = this.store.board()?.id;
      if (id !== undefined && id !== boardId) {
        // Not on the first board: effects run late, and the user may have acted already.
        if (boardId !== undefined) {
          untracked(() => this.history.set(EMPTY_HISTORY));
        }
        boardId = id;
      }
    });
  }

  undo(): Promise<void> {
    return this.enqueue('undo');
  }

  redo(): Promise<void> {
    return this.enqueue('redo');
  }

  /** One press at a time, in order: a second Ctrl+Z waits for the first to land. */
  private enqueue(direction: Direction): Promise<void> {
    this.queue = this.queue.then(() => this.take(direction)).catch(() => undefined);
    return this.queue;
  }

  /** Takes the top step; skipped steps are dropped and the next one is tried, in the same press. */
  private async take(direction: Direction): Promise<void> {
    if (!this.enabled()) {
      return;
    }
    this.running.set(true);
    try {
      for (let step = next(this.history(), direction); step; step = next(this.history(), direction)) {
        if ((await this.attempt(direction, step, true)) !== 'skipped') {
          return;
        }
      }
    } finally {
      this.running.set(false);
    }
  }

  private async attempt(direction: Direction, step: UndoStep, retry: boolean): Promise<Outcome> {
    const boardId = this.store.board()?.id;
    const noteId = this.noteIdOf(step.key);
    if (!boardId) {
      return 'kept';
    }
    if (!noteId && this.store.noteView(step.key)) {
      // Not on the server yet: its create is still on its way (or waits offline).
      this.toasts.info($localize`:@@board.undo.stillSaving:This note is still being saved — try again in a moment.`);
      return 'kept';
    }
    if (!noteId) {
      return this.skip(direction, 'gone', undefined);
    }
    const current = this.currentNote(noteId);
    const planned = plan(direction, step, current);
    try {
      return await this.run(direction, boardId, noteId, planned, current);
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : -1;
      const conflict = conflictNote(error);
      if (status === 409 && retry && planned.kind === 'write' && conflict) {
        // Someone wrote in between: plan once more against the note as the server has it.
        this.store.applyNote(conflict);
        return this.attempt(direction, step, false);
      }
      if (status === 404) {
        return this.skip(direction, 'gone', noteId);
      }
      if (status === 409 && planned.kind === 'restore') {
        return this.skip(direction, 'exists', noteId);
      }
      this.toasts.error(status === 0 ? offlineMessage(direction) : failedMessage(direction, errorMessages(error)[0]));
      return 'kept';
    }
  }

  private async run(direction: Direction, boardId: string, noteId: string, planned: Plan, current: NoteView | undefined): Promise<Outcome> {
    switch (planned.kind) {
      case 'skip':
        return this.skip(direction, planned.reason, noteId);
      case 'write': {
        const note = await firstValueFrom(this.api.updateNote(boardId, noteId, { ...planned.changes, version: current?.version }));
        this.store.applyNote(note);
        break;
      }
      case 'delete':
        await firstValueFrom(this.api.deleteNote(boardId, noteId));
        this.store.applyDeleted(noteId);
        break;
      case 'restore':
        this.store.applyRestored(await firstValueFrom(this.api.restore(boardId, noteId)));
        break;
    }
    this.lastActor.set(noteId, this.auth.user()?.id ?? null);
    this.history.update((history) => taken(history, direction, planned.step));
    return 'done';
  }

  private skip(direction: Direction, reason: SkipReason, noteId: string | undefined): Outcome {
    this.toasts.info(skipMessage(reason, direction, noteId ? this.otherActor(noteId) : undefined));
    this.history.update((history) => skipped(history, direction));
    return 'skipped';
  }

  private noteIdOf(key: string): string | undefined {
    const known = this.ids.get(key);
    if (known) {
      return known;
    }
    const id = this.store.noteView(key)?.id ?? undefined;
    if (id) {
      this.ids.set(key, id);
    }
    return id;
  }

  private currentNote(noteId: string): NoteView | undefined {
    return this.store.notes().find((note) => note.id === noteId && !note.deletedWhileOffline);
  }

  /** The name of whoever last touched the note, unless it was this user. */
  private otherActor(noteId: string): string | undefined {
    const userId = this.lastActor.get(noteId);
    if (!userId || userId === this.auth.user()?.id) {
      return undefined;
    }
    return this.store.memberNames().get(userId);
  }

  private noteActor(event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'note.created':
      case 'note.updated':
        this.lastActor.set(event.data.note.id, event.userId);
        return;
      case 'note.deleted':
        this.lastActor.set(event.data.noteId, event.userId);
        return;
      default:
        return;
    }
  }
}

function offlineMessage(direction: Direction): string {
  return direction === 'undo'
    ? $localize`:@@board.undo.undoOffline:Undo needs a connection — try again when you are back online.`
    : $localize`:@@board.undo.redoOffline:Redo needs a connection — try again when you are back online.`;
}

function failedMessage(direction: Direction, reason: string): string {
  return direction === 'undo'
    ? $localize`:@@board.undo.undoFailed:Undo failed: ${reason}:reason:`
    : $localize`:@@board.undo.redoFailed:Redo failed: ${reason}:reason:`;
}

/** The note a 409 answer carries (the server's current version), if it is one. */
function conflictNote(error: unknown): Note | undefined {
  const current = error instanceof HttpErrorResponse ? (error.error as Partial<NoteConflict> | null)?.current : undefined;
  return typeof current?.id === 'string' && typeof current.version === 'number' ? current : undefined;
}
