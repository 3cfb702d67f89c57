import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';

import { MAX_NOTE_TEXT, NOTE_COLORS } from '@contracts/boards';
import type { NoteColor } from '@contracts/boards';

import { VoteDots } from '../facilitation/vote-dots';
import { ViewportStore } from '../follow/viewport-store';
import { BoardStore, type TextBase } from './board-store';
import { COLOR_NAMES } from './color-names';
import { DRAG_SEND_INTERVAL_MS, NoteDrag } from './note-drag';
import type { NoteView } from './note-entry';
import { type Throttled, throttle } from './throttle';

const ARROW_STEP = 10;
const ARROW_STEP_LARGE = 50;
const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** One sticky note: shows it, edits its text inline, drags it, and speaks the keyboard. */
@Component({
  selector: 'cb-sticky-note',
  imports: [VoteDots],
  templateUrl: './sticky-note.html',
  styleUrl: './sticky-note.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'note',
    tabindex: '0',
    role: 'group',
    '[attr.aria-roledescription]': 'roleDescription',
    '[attr.aria-label]': 'label()',
    '[attr.data-note-id]': 'note().id',
    '[attr.data-pending]': 'note().pending ? "true" : null',
    '[attr.data-color]': 'note().color',
    '[attr.data-x]': 'note().x',
    '[attr.data-y]': 'note().y',
    '[class.editing]': 'editing()',
    '[class.readonly]': '!canEdit()',
    '[class.dragging]': 'dragging()',
    '[class.conflict]': 'note().conflict',
    '[class.deleted]': 'note().deletedWhileOffline',
    '[attr.data-deleted]': 'note().deletedWhileOffline ? "true" : null',
    '[style.transform]': 'transform()',
    '(keydown)': 'editDeleteOrMoveByKey($event)',
    '(dblclick)': 'editOnDoubleClick($event)',
    '(pointerdown)': 'startDrag($event)',
    '(pointermove)': 'dragTo($event)',
    '(pointerup)': 'endDrag($event)',
    '(pointercancel)': 'endDrag($event)',
  },
})
export class StickyNote {
  private readonly store = inject(BoardStore);
  private readonly viewport = inject(ViewportStore, { optional: true });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');
  private drag: NoteDrag | undefined;
  private base: TextBase = { version: 0, text: '' };
  private readonly keyboardMove: Throttled<[number, number]> = throttle(
    (x: number, y: number) => this.store.move(this.note().key, x, y),
    DRAG_SEND_INTERVAL_MS,
  );

  readonly note = input.required<NoteView>();
  readonly author = input('');

  protected readonly colors = NOTE_COLORS;
  protected readonly colorNames = COLOR_NAMES;
  protected readonly roleDescription = $localize`:@@board.note.roleDescription:sticky note`;
  /** Shown in place of an empty note's text (by CSS, so the note's text itself stays empty). */
  protected readonly emptyText = $localize`:@@board.note.emptyHint:Empty note — press Enter to write`;
  protected readonly maxLength = MAX_NOTE_TEXT;
  protected readonly draft = signal('');
  protected readonly dragging = signal(false);
  /** Viewers see notes without their controls; the store refuses their writes too. */
  protected readonly canEdit = this.store.canEdit;
  protected readonly editing = computed(() => this.store.editingKey() === this.note().key);
  protected readonly transform = computed(() => `translate(${this.note().x}px, ${this.note().y}px) rotate(${tilt(this.note().key)}deg)`);
  protected readonly label = computed(() => {
    const note = this.note();
    const text = note.text.trim();
    const author = this.author();
    const label = author
      ? text
        ? $localize`:@@board.note.labelBy:Note by ${author}:author:: ${text}:text:`
        : $localize`:@@board.note.labelByEmpty:Note by ${author}:author:: empty`
      : text
        ? $localize`:@@board.note.label:Note: ${text}:text:`
        : $localize`:@@board.note.labelEmpty:Note: empty`;
    return note.pending ? $localize`:@@board.note.labelSaving:${label}:label: (saving)` : label;
  });

  constructor() {
    // Whoever opened the editor (Enter, double-click, or a brand-new note), start from what is shown now.
    effect(() => {
      if (this.editing()) {
        untracked(() => {
          const note = this.note();
          this.base = { version: note.version, text: note.text };
          this.draft.set(note.text);
        });
      }
    });
    effect(() => {
      const editor = this.editor()?.nativeElement;
      if (editor) {
        editor.focus();
        editor.setSelectionRange(editor.value.length, editor.value.length);
      }
    });
  }

  protected restore(): void {
    this.store.restoreDeleted(this.note().key);
  }

  protected startEditing(): void {
    if (this.canEdit() && !this.note().conflict && !this.note().deletedWhileOffline) {
      this.store.editingKey.set(this.note().key);
    }
  }

  protected commit(returnFocus = false): void {
    if (!this.editing()) {
      return;
    }
    this.store.editingKey.set(null);
    this.store.editText(this.note().key, this.draft(), this.base);
    if (returnFocus) {
      this.host.nativeElement.focus();
    }
  }

  protected cancel(): void {
    if (this.editing()) {
      this.store.editingKey.set(null);
      this.host.nativeElement.focus();
    }
  }

  protected setColor(color: NoteColor): void {
    this.store.setColor(this.note().key, color);
  }

  protected remove(): void {
    this.store.delete(this.note().key);
  }

  /** Deleted by key: focus goes on to a neighbouring note, or to the board, never to the page's start. */
  private removeAndKeepFocus(): void {
    const host = this.host.nativeElement;
    const neighbour = nearbyNote(host);
    const canDelete = this.canEdit() || this.note().deletedWhileOffline;
    this.remove();
    if (canDelete) {
      (neighbour ?? host.closest<HTMLElement>('[data-testid="board-canvas"]'))?.focus();
    }
  }

  protected commitOrCancelEdit(event: KeyboardEvent): void {
    event.stopPropagation();
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.commit(true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.cancel();
    }
  }

  /** Radio-group keys: arrows pick the previous or next colour (one tab stop for all six). */
  protected pickColorByArrow(event: KeyboardEvent, index: number): void {
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) {
      return;
    }
    event.preventDefault();
    const next = (index + step + this.colors.length) % this.colors.length;
    this.setColor(this.colors[next]);
    const swatches = this.host.nativeElement.querySelectorAll<HTMLButtonElement>('.swatch');
    swatches[next]?.focus();
  }

  protected editDeleteOrMoveByKey(event: KeyboardEvent): void {
    // Keys inside the toolbar buttons keep their own meaning.
    if (event.target !== this.host.nativeElement) {
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      this.startEditing();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.removeAndKeepFocus();
    } else if (event.key in ARROWS) {
      event.preventDefault();
      const [dx, dy] = ARROWS[event.key];
      const step = event.shiftKey ? ARROW_STEP_LARGE : ARROW_STEP;
      // The store, not the input: key repeats can outpace rendering.
      const note = this.store.noteView(this.note().key) ?? this.note();
      this.store.moveLocally(note.key, note.x + dx * step, note.y + dy * step);
      const moved = this.store.noteView(note.key) ?? note;
      this.keyboardMove.call(moved.x, moved.y);
    }
  }

  protected editOnDoubleClick(event: MouseEvent): void {
    // A double-click on a note edits it instead of adding a note on the board behind it.
    event.stopPropagation();
    if (!this.editing() && !isControl(event.target)) {
      this.startEditing();
    }
  }

  protected startDrag(event: PointerEvent): void {
    if (event.button !== 0 || !this.canEdit() || this.editing() || isControl(event.target) || this.note().deletedWhileOffline) {
      return;
    }
    const note = this.note();
    const key = note.key;
    this.drag = new NoteDrag(
      { x: note.x, y: note.y, clientX: event.clientX, clientY: event.clientY },
      { show: (x, y) => this.store.moveLocally(key, x, y), send: (x, y) => this.store.move(key, x, y) },
      this.viewport?.zoom() ?? 1,
    );
    this.host.nativeElement.setPointerCapture?.(event.pointerId);
  }

  protected dragTo(event: PointerEvent): void {
    if (this.drag) {
      this.drag.move(event.clientX, event.clientY);
      this.dragging.set(this.drag.dragging);
    }
  }

  protected endDrag(event: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (drag) {
      drag.end(event.clientX, event.clientY);
      this.dragging.set(false);
    }
  }
}

function nearbyNote(note: HTMLElement): HTMLElement | null {
  const isNote = (element: Element | null): element is HTMLElement => element?.tagName === note.tagName;
  const next = note.nextElementSibling;
  const previous = note.previousElementSibling;
  return isNote(next) ? next : isNote(previous) ? previous : null;
}

function isControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('button, textarea, input, a') !== null;
}

/** A slight, stable tilt per note, so a board looks pinned by hand rather than printed. */
function tilt(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) {
    hash = (hash * 31 + key.charCodeAt(i)) | 0;
  }
  return ((Math.abs(hash) % 5) - 2) * 0.6;
}
