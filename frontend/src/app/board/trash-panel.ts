import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
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
import { timeAgo } from '../notifications/notification-link';
import { trashAfter } from './activity-feed';
import { BoardStore } from './board-store';
import { HistoryApi } from './history-api';

/** The board's deleted notes: editors bring them back, the owner empties the trash. */
@Component({
  selector: 'cb-trash-panel',
  template: `
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby="trash-title" data-testid="trash-panel" tabindex="-1">
      <header class="panel-head">
        <h2 id="trash-title">Trash</h2>
        <button type="button" class="close" aria-label="Close trash" (click)="closed.emit()">
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
          {{ loading() ? 'Loading the trash…' : 'The trash is empty. Deleted notes stay here for 30 days.' }}
        </p>
      } @else {
        <ul class="list" aria-live="polite">
          @for (item of items(); track item.note.id) {
            <li class="item trashed" data-testid="trash-item" [attr.data-note-id]="item.note.id">
              <span class="swatch" [attr.data-color]="item.note.color" [attr.aria-label]="item.note.color + ' note'" role="img"></span>
              <div class="body">
                <div class="text">{{ item.note.text || '(empty note)' }}</div>
                <div class="meta">
                  Deleted by {{ nameOf(item.deletedBy) }} {{ ago(item.deletedAt) }} · gone for good {{ until(item.expiresAt) }}
                </div>
              </div>
              @if (canRestore()) {
                <button
                  type="button"
                  class="link-btn"
                  data-testid="trash-restore"
                  [disabled]="restoring().has(item.note.id)"
                  [attr.aria-label]="'Restore note: ' + (item.note.text || 'empty note')"
                  (click)="restore(item)"
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
                Delete {{ items().length }} {{ items().length === 1 ? 'note' : 'notes' }} for good? This cannot be undone.
              </p>
              <button type="button" class="link-btn" data-testid="trash-empty-cancel" (click)="confirming.set(false)">Cancel</button>
              <button type="button" class="btn btn-danger" data-testid="trash-empty-confirm" [disabled]="emptying()" (click)="empty()">
                Empty trash
              </button>
            </div>
          } @else {
            <button type="button" class="link-btn danger" data-testid="trash-empty-button" (click)="askEmpty()">Empty trash…</button>
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
    return this.store.memberNames().get(userId) ?? 'a former member';
  }

  protected ago(at: string): string {
    return timeAgo(at);
  }

  protected until(at: string): string {
    const days = Math.max(0, Math.ceil((Date.parse(at) - Date.now()) / 86_400_000));
    return days <= 1 ? 'within a day' : `in ${days} days`;
  }

  protected async restore(item: TrashedNote): Promise<void> {
    const id = item.note.id;
    this.restoring.update((ids) => new Set(ids).add(id));
    try {
      const note = await firstValueFrom(this.api.restore(this.boardId(), id));
      this.store.applyRestored(note);
      this.items.update((items) => items.filter((known) => known.note.id !== id));
    } catch (error) {
      this.toasts.error(`The note could not be restored: ${errorMessages(error)[0]}`);
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
      this.toasts.error(`The trash could not be emptied: ${errorMessages(error)[0]}`);
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
      this.error.set(`The trash could not be loaded: ${errorMessages(error)[0]}`);
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
