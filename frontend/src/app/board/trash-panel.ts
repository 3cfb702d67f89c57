import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  LOCALE_ID,
  computed,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { TrashedNote } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { formatInteger, relativeTime } from '../i18n/format';
import { trashAfter } from './activity-feed';
import { BoardStore } from './board-store';
import { COLOR_NAMES } from './color-names';
import { HistoryApi } from './history-api';

/** The board's deleted notes: editors bring them back, the owner empties the trash. */
@Component({
  selector: 'cb-trash-panel',
  template: `
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby="trash-title" data-testid="trash-panel" tabindex="-1">
      <header class="panel-head">
        <h2 id="trash-title" i18n="@@board.history.trash">Trash</h2>
        <button type="button" class="close" aria-label="Close trash" i18n-aria-label="@@board.trash.close" (click)="closed.emit()">
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="m5.5 5.5 9 9m0-9-9 9" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      </header>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (items().length === 0 && !error()) {
        <p class="empty" [attr.aria-busy]="loading()" data-testid="trash-empty">
          @if (loading()) {
            <ng-container i18n="@@board.trash.loading">Loading the trash…</ng-container>
          } @else {
            <ng-container i18n="@@board.trash.empty">The trash is empty. Deleted notes stay here for 30 days.</ng-container>
          }
        </p>
      } @else {
        <ul class="list" aria-live="polite">
          @for (item of items(); track item.note.id) {
            <li class="item trashed" data-testid="trash-item" [attr.data-note-id]="item.note.id">
              <span class="swatch" [attr.data-color]="item.note.color" [attr.aria-label]="swatchLabel(item)" role="img"></span>
              <div class="body">
                @if (item.note.text) {
                  <div class="text" dir="auto">{{ item.note.text }}</div>
                } @else {
                  <div class="text" i18n="@@board.trash.emptyNote">(empty note)</div>
                }
                <div class="meta" i18n="@@board.trash.meta">
                  Deleted by {{ nameOf(item.deletedBy) }} {{ ago(item.deletedAt) }} · gone for good {{ until(item.expiresAt) }}
                </div>
              </div>
              @if (canRestore()) {
                <button
                  type="button"
                  class="link-btn"
                  data-testid="trash-restore"
                  [disabled]="restoring().has(item.note.id)"
                  [attr.aria-label]="restoreLabel(item)"
                  (click)="restore(item)"
                  i18n="@@board.trash.restore"
                >
                  Restore
                </button>
              }
            </li>
          }
        </ul>
      }
      @if (isOwner() && items().length > 0) {
        <footer class="panel-foot">
          @if (confirming()) {
            <div class="confirm" role="alertdialog" aria-labelledby="empty-question" aria-modal="false">
              <p id="empty-question">
                <span i18n="@@board.trash.emptyQuestion">{items().length, plural,
                  =1 {Delete 1 note for good?}
                  other {Delete {{ count() }} notes for good?}
                }</span>
                <span i18n="@@board.trash.cannotUndo">This cannot be undone.</span>
              </p>
              <button
                type="button"
                class="link-btn"
                data-testid="trash-empty-cancel"
                (click)="confirming.set(false)"
                i18n="@@board.trash.cancel"
              >
                Cancel
              </button>
              <button
                type="button"
                class="btn btn-danger"
                data-testid="trash-empty-confirm"
                [disabled]="emptying()"
                (click)="empty()"
                i18n="@@board.trash.emptyConfirm"
              >
                Empty trash
              </button>
            </div>
          } @else {
            <button
              type="button"
              class="link-btn danger"
              data-testid="trash-empty-button"
              (click)="askEmpty()"
              i18n="@@board.trash.emptyButton"
            >
              Empty trash…
            </button>
          }
        </footer>
      }
    </section>
  `,
  styleUrl: './history-panel.css',
  styles: `
    .trashed {
      display: flex;
      align-items: flex-start;
      gap: 0.625rem;
    }
    .body {
      flex: 1;
      min-width: 0;
    }
    .text {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .swatch {
      flex: none;
      width: 1rem;
      height: 1rem;
      margin-top: 0.125rem;
      border-radius: 3px;
      background: #fff3a3;
      border: 1px solid rgb(0 0 0 / 0.12);
    }
    .swatch[data-color='pink'] {
      background: #fdd0e4;
    }
    .swatch[data-color='blue'] {
      background: #cfe4ff;
    }
    .swatch[data-color='green'] {
      background: #c8f2d2;
    }
    .swatch[data-color='orange'] {
      background: #ffd9b3;
    }
    .swatch[data-color='purple'] {
      background: #e3d9ff;
    }
    .danger {
      color: var(--danger);
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 0.5rem;
      width: 100%;
    }
    .confirm p {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.8125rem;
    }
    .btn-danger {
      color: #fff;
      background: var(--danger);
      border-color: var(--danger);
    }
  `,
  host: { '(keydown.escape)': 'closed.emit()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrashPanel {
  private readonly store = inject(BoardStore);
  private readonly api = inject(HistoryApi);
  private readonly toasts = inject(Toasts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  private readonly locale = inject(LOCALE_ID);

  readonly boardId = input.required<string>();
  readonly canRestore = input(false);
  readonly isOwner = input(false);
  readonly closed = output<void>();

  protected readonly items = signal<readonly TrashedNote[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly restoring = signal<ReadonlySet<string>>(new Set());
  protected readonly confirming = signal(false);
  protected readonly emptying = signal(false);
  protected readonly count = computed(() => formatInteger(this.items().length, this.locale));
  /** A load is under way and another was asked for meanwhile (a deletion landed): load once more after it. */
  private reload = false;

  constructor() {
    const live = this.store.events.subscribe((event) => this.onEvent(event));
    inject(DestroyRef).onDestroy(() => live.unsubscribe());
    effect(() => {
      const boardId = this.boardId();
      untracked(() => void this.load(boardId));
    });
    afterNextRender(() => this.host.querySelector<HTMLElement>('.panel')?.focus({ preventScroll: true }));
  }

  protected nameOf(userId: string): string {
    return this.store.memberNames().get(userId) ?? $localize`:@@board.trash.formerMember:a former member`;
  }

  protected ago(at: string): string {
    return relativeTime(at, Date.now(), this.locale, { past: true });
  }

  protected until(at: string): string {
    return relativeTime(at, Date.now(), this.locale);
  }

  protected swatchLabel(item: TrashedNote): string {
    const color = COLOR_NAMES[item.note.color];
    return $localize`:@@board.trash.swatch:${color}:color: note`;
  }

  protected restoreLabel(item: TrashedNote): string {
    const text = item.note.text;
    return text
      ? $localize`:@@board.trash.restoreLabel:Restore note: ${text}:text:`
      : $localize`:@@board.trash.restoreEmpty:Restore note: empty note`;
  }

  protected async restore(item: TrashedNote): Promise<void> {
    const id = item.note.id;
    this.restoring.update((ids) => new Set(ids).add(id));
    try {
      const note = await firstValueFrom(this.api.restore(this.boardId(), id));
      this.store.applyRestored(note);
      this.items.update((items) => items.filter((known) => known.note.id !== id));
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error($localize`:@@board.trash.restoreFailed:The note could not be restored: ${reason}:reason:`);
      void this.load(this.boardId());
    } finally {
      this.restoring.update((ids) => {
        const left = new Set(ids);
        left.delete(id);
        return left;
      });
    }
  }

  protected askEmpty(): void {
    this.confirming.set(true);
    // The safe choice takes the focus once the question is drawn.
    afterNextRender(() => this.host.querySelector<HTMLElement>('[data-testid="trash-empty-cancel"]')?.focus(), { injector: this.injector });
  }

  protected async empty(): Promise<void> {
    this.emptying.set(true);
    try {
      await firstValueFrom(this.api.emptyTrash(this.boardId()));
      this.items.set([]);
      this.confirming.set(false);
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error($localize`:@@board.trash.emptyFailed:The trash could not be emptied: ${reason}:reason:`);
    } finally {
      this.emptying.set(false);
    }
  }

  private async load(boardId: string): Promise<void> {
    if (this.loading()) {
      this.reload = true;
      return;
    }
    this.loading.set(true);
    this.error.set(null);
    try {
      const items = await firstValueFrom(this.api.trash(boardId));
      if (boardId === this.boardId()) {
        this.items.set(items);
      }
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.error.set($localize`:@@board.trash.loadFailed:The trash could not be loaded: ${reason}:reason:`);
    } finally {
      this.loading.set(false);
    }
    if (this.reload) {
      this.reload = false;
      void this.load(this.boardId());
    }
  }

  private onEvent(event: AnyEventEnvelope): void {
    const next = trashAfter(this.items(), event);
    if (next === 'refetch') {
      void this.load(this.boardId());
    } else if (next !== this.items()) {
      this.items.set(next);
    }
  }
}
