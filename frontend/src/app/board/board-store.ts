import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subject, Subscription, firstValueFrom } from 'rxjs';

import {
  type Board,
  type BoardRole,
  type BoardSnapshot,
  type Note,
  type NoteColor,
  type NoteConflict,
  type UpdateNoteRequest,
  canEditNotes,
  roleOf,
} from '@contracts/boards';
import type { AccessLossReason, AnyEventEnvelope, EventMap } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { BoardsApi } from '../boards/boards-api';
import { withoutMember } from '../boards/membership';
import { withMember, withRoleChanged } from '../boards/roles';
import { errorMessages } from '../core/api-error';
import { newClientId } from '../core/client-id';
import { Toasts } from '../core/toasts';
import { LastKnown, isUnreachable } from '../offline/last-known';
import { accessLossMessage } from '../realtime/access-loss';
import { boardChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { Outbox } from '../offline/outbox';
import { type QueuedNoteWrite, queuedNoteWrite, queuedWriteShown } from './queued-writes';
import {
  type BoardNotes,
  type ConflictView,
  NO_NOTES,
  type PendingWrite,
  type TextWrite,
  conflictOutcome,
  createConfirmed,
  deletedRemotely,
  entryOfNote,
  firstConflict,
  isBusy,
  remoteApplied,
  restoredApplied,
  rolledBack,
  snapshotApplied,
  textEditVersion,
  updateConfirmed,
  withEntry,
  withoutEntry,
  writeAnswered,
  writeSent,
} from './board-state';
import {
  CONFLICT,
  DEFAULT_COLOR,
  DEFERRED,
  type Editable,
  FIELDS,
  LOCAL,
  type NoteEntry,
  type NoteView,
  clampPosition,
  dropFields,
  newNoteEntry,
  pick,
  toView,
  withOverlay,
} from './note-entry';
import { type LocalChange, positionBefore } from './undo-history';

export type { ConflictView } from './board-state';

export type BoardStatus = 'loading' | 'ready' | 'error' | 'gone';

export interface TextBase {
  /** The version the user started editing from. */
  version: number;
  text: string;
}

/** Key of our own leave among the pending membership writes (no user id has a colon). */
const LEAVING = ':leave';

/**
 * One open board: its notes with optimistic local changes, reconciled with the server's
 * answers and the stream's events (matched by clientId, applied by version).
 * Provided by the board page, so it lives exactly as long as the page.
 */
@Injectable()
export class BoardStore {
  private readonly api = inject(BoardsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);
  private readonly lastKnown = inject(LastKnown);
  /** Writes the server could not take yet; absent where the app config does not provide it (unit tests). */
  private readonly outbox = inject(Outbox, { optional: true });

  private readonly state = signal<BoardNotes>(NO_NOTES);
  // Sliced with reference equality: views recompute only when the entries change.
  private readonly entries = computed(() => this.state().entries);
  /** Memoised views, so an unchanged entry keeps its view object (and its DOM) across updates. */
  private readonly views = new WeakMap<NoteEntry, NoteView>();
  private subscriptions = new Subscription();
  private boardId = '';
  private resyncing: Promise<void> | undefined;
  /** Members being removed (or LEAVING): a second click sends nothing. Request dedupe only, never shown. */
  private readonly membershipWrites = new Set<string>();

  private readonly currentBoard = signal<Board | null>(null);
  private readonly currentStatus = signal<BoardStatus>('loading');
  private readonly currentError = signal<string | null>(null);
  private readonly goneMessage = signal<string | null>(null);
  private readonly stored = signal(false);
  /** The cursor of the snapshot the notes started from: what a stored copy resumes from. */
  private snapshotCursor = '';

  readonly board = this.currentBoard.asReadonly();
  readonly status = this.currentStatus.asReadonly();
  readonly loadError = this.currentError.asReadonly();
  /** Why the board closed under the user (deleted, access lost); the page leaves when set. */
  readonly gone = this.goneMessage.asReadonly();
  /** Shown from this browser's stored copy: the server could not be reached to open the board. */
  readonly fromCache = this.stored.asReadonly();
  /** The note whose text editor is open. */
  readonly editingKey = signal<string | null>(null);
  /** The user's own note actions in this tab, as they happen (for undo). */
  readonly localChanges = new Subject<LocalChange>();
  /** The board channel's events, each before the store applies it (a deleted note's text is still here). */
  readonly events = new Subject<AnyEventEnvelope>();

  readonly notes = computed(() => {
    const views: NoteView[] = [];
    for (const entry of this.entries().values()) {
      if (!entry.deleting) {
        views.push(this.view(entry));
      }
    }
    return views;
  });

  readonly isOwner = computed(() => {
    const board = this.currentBoard();
    return board !== null && board.ownerId === this.auth.user()?.id;
  });

  /** The user's role here; it follows role changes and ownership transfers live. */
  readonly myRole = computed(() => {
    const board = this.currentBoard();
    return board ? roleOf(board, this.auth.user()?.id) : undefined;
  });

  /** Viewers get a read-only board: nothing that would write a note is offered, or sent. */
  readonly canEdit = computed(() => canEditNotes(this.myRole()));

  readonly memberNames = computed(() => {
    const names = new Map<string, string>();
    for (const member of this.currentBoard()?.members ?? []) {
      names.set(member.id, member.displayName || member.username);
    }
    return names;
  });

  /** The first note waiting for the user to choose between their text and the server's. */
  readonly conflict = computed<ConflictView | null>(() => firstConflict(this.entries()));

  constructor() {
    // Confirmed notes changed: keep the stored copy current (at most once a second).
    effect(() => {
      const board = this.currentBoard();
      const entries = this.entries();
      if (board && this.currentStatus() === 'ready') {
        untracked(() => this.lastKnown.saveSoon(snapshotKey(board.id), () => storedSnapshot(board, entries, this.snapshotCursor)));
      }
    });
    // Opened from the stored copy: fetch the real board once the stream is back.
    effect(() => {
      if (this.stored() && this.realtime.state() === 'live') {
        untracked(() => void this.resync());
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.lastKnown.flush(snapshotKey(this.boardId));
      this.close();
    });
  }

  async open(boardId: string): Promise<void> {
    this.close();
    this.boardId = boardId;
    this.reset();
    const snapshot = await this.loadSnapshot(boardId);
    if (!snapshot || this.boardId !== boardId) {
      return;
    }
    this.start(boardId, snapshot);
    await this.restorePending(boardId);
  }

  /** The server's snapshot, or the stored one when the server cannot be reached; null shows the error. */
  private async loadSnapshot(boardId: string): Promise<BoardSnapshot | null> {
    try {
      return await firstValueFrom(this.api.snapshot(boardId));
    } catch (error) {
      if (this.boardId !== boardId) {
        return null;
      }
      const stored = isUnreachable(error) ? await this.lastKnown.read<BoardSnapshot>(snapshotKey(boardId)) : undefined;
      if (this.boardId !== boardId) {
        return null;
      }
      if (stored) {
        this.markStored(true);
        return stored;
      }
      if (!isUnreachable(error)) {
        void this.lastKnown.forget(snapshotKey(boardId));
      }
      this.currentError.set(loadErrorMessage(error));
      this.currentStatus.set('error');
      return null;
    }
  }

  private start(boardId: string, snapshot: BoardSnapshot): void {
    this.applySnapshot(snapshot);
    this.currentStatus.set('ready');
    this.subscriptions.add(this.realtime.channel(boardChannel(boardId), snapshot.cursor).subscribe((event) => this.onEvent(event)));
    this.subscriptions.add(this.realtime.refused$.subscribe(() => void this.resync()));
  }

  private markStored(stored: boolean): void {
    this.stored.set(stored);
    if (this.boardId) {
      this.lastKnown.markStale(snapshotKey(this.boardId), stored);
    }
  }

  /** The note as shown right now (also between renders). */
  noteView(key: string): NoteView | undefined {
    const entry = this.entries().get(key);
    return entry && !entry.deleting ? this.view(entry) : undefined;
  }

  // ---- local changes -------------------------------------------------------------------

  /** Adds a note at once and returns its key; the server's answer or echo confirms it. */
  create(position: { x: number; y: number }, color: NoteColor = DEFAULT_COLOR, text = ''): string {
    if (!this.canEdit()) {
      return '';
    }
    const clientId = newClientId();
    const key = `new-${clientId}`;
    const draft: Editable = { text, ...clampPosition(position.x, position.y), color };
    const entry = newNoteEntry(clientId, this.auth.user()?.id ?? '');
    this.state.update((state) => writeSent(state, clientId, { key, kind: 'create' }, withOverlay(entry, draft, clientId)));
    this.localChanges.next({ kind: 'create', key, note: draft });
    this.api.createNote(this.boardId, { ...draft, clientId }).subscribe({
      next: (note) => this.confirmCreate(clientId, note),
      error: (error: unknown) => this.failed(clientId, error),
    });
    return key;
  }

  /**
   * Saves edited text. The version sent is the one the edit started from, unless the
   * server's text is still what the user started with (then only position or colour
   * moved on, which is no reason to refuse the edit).
   */
  editText(key: string, text: string, base: TextBase): void {
    const entry = this.entries().get(key);
    if (!entry || entry.deleting || text === base.text) {
      return;
    }
    this.localChanges.next({ kind: 'update', key, before: { text: base.text }, after: { text } });
    this.write(entry, { text }, { version: textEditVersion(entry, base), baseText: base.text });
  }

  setColor(key: string, color: NoteColor): void {
    const entry = this.entries().get(key);
    if (entry && this.view(entry).color !== color) {
      this.localChanges.next({ kind: 'update', key, before: { color: this.view(entry).color }, after: { color } });
      this.write(entry, { color });
    }
  }

  /** Shows a position during a drag without sending it. */
  moveLocally(key: string, x: number, y: number): void {
    const entry = this.entries().get(key);
    if (entry && !entry.deleting && !entry.deletedRemotely && this.canEdit()) {
      this.put(withOverlay(entry, clampPosition(x, y), LOCAL));
    }
  }

  /** Moves and sends; moves are last-writer-wins, so no version goes along. */
  move(key: string, x: number, y: number): void {
    const entry = this.entries().get(key);
    if (entry) {
      this.localChanges.next({ kind: 'update', key, before: positionBefore(entry, this.view(entry)), after: clampPosition(x, y) });
      this.write(entry, clampPosition(x, y));
    }
  }

  delete(key: string): void {
    const entry = this.entries().get(key);
    if (!entry || entry.deleting || (!this.canEdit() && !entry.deletedRemotely)) {
      return;
    }
    if (entry.deletedRemotely) {
      this.remove(entry);
      return;
    }
    if (this.editingKey() === key) {
      this.editingKey.set(null);
    }
    if (entry.id === null) {
      // Deleted before the server named it: the delete goes out once it does, unless the
      // create is still waiting in the outbox, untried: then neither ever goes out.
      this.put({ ...entry, deleting: true });
      void this.outbox?.cancel(createKeyOf(entry)).then((cancelled) => cancelled && this.dropUnsent(entry.key, createKeyOf(entry)));
      return;
    }
    const { text, x, y, color } = this.view(entry);
    this.localChanges.next({ kind: 'delete', key, note: { text, x, y, color } });
    this.sendDelete(entry, entry.id);
  }

  /** A note deleted by someone else while the user's changes to it waited offline comes back as a new note with them. */
  restoreDeleted(key: string): void {
    const entry = this.entries().get(key);
    if (!entry?.deletedRemotely) {
      return;
    }
    const shown = this.view(entry);
    this.remove(entry);
    this.create({ x: shown.x, y: shown.y }, shown.color, shown.text);
  }

  resolveConflict(key: string, choice: 'mine' | 'theirs'): void {
    const entry = this.entries().get(key);
    if (!entry || entry.owners.text !== CONFLICT) {
      return;
    }
    const mine = entry.overlay.text ?? '';
    const cleared = dropFields(entry, ['text']);
    this.put(cleared);
    const latest = cleared.confirmed;
    if (choice === 'mine' && latest && latest.text !== mine) {
      this.write(cleared, { text: mine }, { version: latest.version, baseText: latest.text });
    }
  }

  // ---- writes made elsewhere (undo, the trash) -------------------------------------------

  /** A note as a write outside the store's own paths left it: shown now, before its event. */
  applyNote(note: Note): void {
    this.state.update((state) => remoteApplied(state, note));
  }

  /** A note restored from the trash (with its id). */
  applyRestored(note: Note): void {
    this.state.update((state) => restoredApplied(state, note));
  }

  /** A note deleted outside the store's own paths. */
  applyDeleted(noteId: string): void {
    const entry = entryOfNote(this.state(), noteId);
    if (entry) {
      this.remove(entry);
    }
  }

  // ---- membership ------------------------------------------------------------------------

  /** Leaves the board (members only; the owner is refused with 409). The page then leaves too. */
  async leave(): Promise<void> {
    const boardId = this.boardId;
    if (this.membershipWrites.has(LEAVING)) {
      return;
    }
    this.membershipWrites.add(LEAVING);
    try {
      await firstValueFrom(this.api.leave(boardId));
      if (this.boardId === boardId) {
        this.lose('left');
      }
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error($localize`:@@board.store.leaveFailed:You could not leave this board: ${reason}:reason:`);
    } finally {
      this.membershipWrites.delete(LEAVING);
    }
  }

  /** Owner only. The member list shrinks once the server agrees; the event tells everyone else. */
  async removeMember(userId: string): Promise<void> {
    const boardId = this.boardId;
    const name = this.memberNames().get(userId);
    if (this.membershipWrites.has(userId)) {
      return;
    }
    this.membershipWrites.add(userId);
    try {
      await firstValueFrom(this.api.removeMember(boardId, userId));
      if (this.boardId === boardId) {
        this.currentBoard.update((board) => board && withoutMember(board, userId));
      }
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error(
        name
          ? $localize`:@@board.store.removeFailed:${name}:name: could not be removed: ${reason}:reason:`
          : $localize`:@@board.store.removeFailedUnknown:The member could not be removed: ${reason}:reason:`,
      );
    } finally {
      this.membershipWrites.delete(userId);
    }
  }

  /** The server's answer to a membership change (role, owner): shown at once; its events agree. */
  applyBoard(board: Board): void {
    if (board.id === this.boardId && this.currentStatus() !== 'gone') {
      this.currentBoard.set(board);
    }
  }

  // ---- writes ----------------------------------------------------------------------------

  private write(entry: NoteEntry, changes: Partial<Editable>, text?: { version: number; baseText: string; attempts?: number }): void {
    if (entry.deleting || entry.deletedRemotely || !this.canEdit()) {
      return;
    }
    if (entry.id === null) {
      this.put(withOverlay(entry, changes, DEFERRED));
      // Kept with the queued create too, so a reload before it is sent does not lose it.
      void this.outbox?.amend(createKeyOf(entry), (body) => ({ ...(body as object), ...changes }));
      return;
    }
    const clientId = newClientId();
    const updated = withOverlay(entry, changes, clientId);
    const mine = text === undefined ? undefined : changes.text;
    const write: PendingWrite =
      mine !== undefined && text
        ? { key: entry.key, kind: 'update', text: { mine, baseText: text.baseText, attempts: text.attempts ?? 0 } }
        : { key: entry.key, kind: 'update' };
    const body: UpdateNoteRequest = write.text && text ? { ...changes, clientId, version: text.version } : { ...changes, clientId };
    this.state.update((state) => writeSent(state, clientId, write, { ...updated, inflight: [...updated.inflight, clientId] }));
    this.api.updateNote(this.boardId, entry.id, body).subscribe({
      next: (note) => this.confirm(clientId, note),
      error: (error: unknown) => this.failed(clientId, error),
    });
  }

  private sendDelete(entry: NoteEntry, id: string): void {
    const clientId = newClientId();
    this.state.update((state) =>
      writeSent(state, clientId, { key: entry.key, kind: 'delete' }, { ...entry, deleting: true, inflight: [...entry.inflight, clientId] }),
    );
    this.api.deleteNote(this.boardId, id, clientId).subscribe({
      next: () => this.confirmDelete(clientId),
      error: (error: unknown) => this.failed(clientId, error),
    });
  }

  private confirmCreate(clientId: string, note: Note): void {
    const write = this.takeWrite(clientId);
    if (!write) {
      // The echo came first; this answer is the same version.
      this.state.update((state) => remoteApplied(state, note));
      return;
    }
    const state = this.state();
    const entry = state.entries.get(write.key);
    if (!entry) {
      return;
    }
    if (state.tombstones.has(note.id)) {
      this.remove(entry);
      return;
    }
    const named = createConfirmed(state, entry, clientId, note);
    this.state.set(named.state);
    this.flushDeferred(named.entry, note.id);
  }

  private flushDeferred(entry: NoteEntry, id: string): void {
    if (entry.deleting) {
      this.sendDelete({ ...entry, deleting: false }, id);
      return;
    }
    const all = FIELDS.filter((field) => entry.owners[field] === DEFERRED);
    // What the create already carried (folded into it in the outbox) is not sent again.
    const deferred = all.filter((field) => entry.overlay[field] !== entry.confirmed?.[field]);
    if (deferred.length === 0) {
      if (all.length > 0) {
        this.put(dropFields(entry, all));
      }
      return;
    }
    const cleared = dropFields(entry, all);
    const confirmed = entry.confirmed;
    const others = deferred.filter((field) => field !== 'text');
    if (others.length > 0) {
      this.write(cleared, pick(entry.overlay, others));
    }
    if (deferred.includes('text') && confirmed) {
      const latest = this.entries().get(entry.key) ?? cleared;
      this.write(latest, { text: entry.overlay.text }, { version: confirmed.version, baseText: confirmed.text });
    }
  }

  private confirm(clientId: string, note: Note): void {
    const write = this.takeWrite(clientId);
    if (!write) {
      this.state.update((state) => remoteApplied(state, note));
      return;
    }
    const entry = this.entries().get(write.key);
    if (entry) {
      this.state.update((state) => updateConfirmed(state, entry, clientId, note));
    }
  }

  private confirmDelete(clientId: string): void {
    const write = this.takeWrite(clientId);
    const entry = write && this.entries().get(write.key);
    if (entry) {
      this.remove(entry);
    }
  }

  private failed(clientId: string, error: unknown): void {
    const write = this.takeWrite(clientId);
    if (!write) {
      return;
    }
    const status = error instanceof HttpErrorResponse ? error.status : 0;
    const entry = this.entries().get(write.key);
    if (entry?.deletedRemotely) {
      return;
    }
    if (entry && status === 404 && write.kind === 'update' && this.wasQueued(clientId)) {
      this.state.update((state) => deletedRemotely(state, entry));
      return;
    }
    if (status === 409 && write.text && error instanceof HttpErrorResponse && isNoteConflict(error.error)) {
      this.conflicted(clientId, write.key, write.text, error.error.current);
      return;
    }
    if (entry) {
      const kept = rolledBack(entry, write, clientId, status);
      if (kept) {
        this.put(kept);
      } else {
        this.remove(entry);
      }
      // A delete that found the note already gone did what the user wanted.
      const problem = write.kind === 'delete' && status === 404 ? null : FAILURE[write.kind];
      if (problem) {
        const reason = errorMessages(error)[0];
        this.toasts.error($localize`:@@board.failureReason:${problem}:failure:: ${reason}:reason:`);
      }
    }
    // The board or the note may be gone, or we may have been removed: ask the server.
    if (status === 403 || status === 404) {
      void this.resync();
    }
  }

  /** A stale version. A real conflict waits for the user; a harmless one is re-sent. */
  private conflicted(clientId: string, key: string, text: TextWrite, current: Note): void {
    this.state.update((state) => remoteApplied(state, current));
    const entry = this.entries().get(key);
    if (!entry) {
      return;
    }
    const outcome = conflictOutcome(entry, clientId, text, current);
    this.put(outcome.entry);
    if (outcome.kind === 'resend') {
      const { version, baseText, attempts } = outcome;
      this.write(outcome.entry, { text: outcome.text }, { version, baseText, attempts });
    }
  }

  /** A create that never left the outbox was cancelled by its delete: the note was never anywhere else. */
  private dropUnsent(key: string, clientId: string): void {
    this.takeWrite(clientId);
    const entry = this.entries().get(key);
    if (entry) {
      this.remove(entry);
    }
  }

  /**
   * The board's writes still in the outbox (made before a reload, or in another tab), laid
   * over the snapshot as pending and re-attached, so the outbox's answers confirm them.
   */
  private async restorePending(boardId: string): Promise<void> {
    const records = (await this.outbox?.queuedIn(boardChannel(boardId))) ?? [];
    const createdBy = this.auth.user()?.id ?? '';
    for (const record of records) {
      const write = queuedNoteWrite(record);
      if (this.boardId !== boardId || !write || this.state().writes.has(write.clientId)) {
        continue;
      }
      const before = this.state();
      const shown = queuedWriteShown(before, write, createdBy);
      if (shown !== before) {
        this.state.set(shown);
        this.reattach(write);
      }
    }
  }

  /** The outbox's answer to a write made before this page existed, handled like one made here. */
  private reattach({ kind, clientId }: QueuedNoteWrite): void {
    const failed = (error: unknown): void => this.failed(clientId, error);
    if (kind === 'delete') {
      this.outbox?.attach<void>(clientId).subscribe({ next: () => this.confirmDelete(clientId), error: failed });
      return;
    }
    const confirm = kind === 'create' ? this.confirmCreate.bind(this) : this.confirm.bind(this);
    this.outbox?.attach<Note>(clientId).subscribe({ next: (note) => confirm(clientId, note), error: failed });
  }

  // ---- the server's side -----------------------------------------------------------------

  private onEvent(event: AnyEventEnvelope): void {
    this.events.next(event);
    switch (event.type) {
      case 'note.created':
        return this.onNoteCreated(event.data);
      case 'note.updated':
        return this.onNoteUpdated(event.data);
      case 'note.deleted':
        return this.onNoteDeleted(event.data);
      case 'board.member_added':
        return this.onMemberAdded(event.data);
      case 'board.member_removed':
        return this.onMemberRemoved(event.data);
      case 'board.role_changed':
        return this.onRoleChanged(event.data);
      case 'channel.revoked':
        return this.lose(event.data.reason);
      case 'board.deleted':
        return this.markGone(event.userId === this.auth.user()?.id ? YOU_DELETED : deletedByOwner(this.currentBoard()?.title));
      case 'reset':
        void this.resync();
        return;
      default:
        return;
    }
  }

  private onNoteCreated({ note, clientId, restored }: EventMap['note.created']): void {
    if (restored) {
      this.state.update((state) => restoredApplied(state, note));
    } else if (clientId && this.state().writes.get(clientId)?.kind === 'create') {
      this.confirmCreate(clientId, note);
    } else {
      this.state.update((state) => remoteApplied(state, note));
    }
  }

  private onNoteUpdated({ note, clientId }: EventMap['note.updated']): void {
    if (clientId && this.state().writes.get(clientId)?.kind === 'update') {
      this.confirm(clientId, note);
    } else {
      this.state.update((state) => remoteApplied(state, note));
    }
  }

  private onNoteDeleted({ noteId, clientId }: EventMap['note.deleted']): void {
    const ours = clientId !== undefined && this.takeWrite(clientId) !== undefined;
    const entry = entryOfNote(this.state(), noteId);
    if (!entry) {
      this.state.update((state) => ({ ...state, tombstones: new Set(state.tombstones).add(noteId) }));
      return;
    }
    if (!ours && entry.inflight.some((id) => this.wasQueued(id))) {
      // Changes made offline to a note deleted meanwhile: the user decides what becomes of them.
      this.state.update((state) => deletedRemotely(state, entry));
      return;
    }
    const busy = isBusy(entry, this.editingKey());
    this.remove(entry);
    if (!ours && busy) {
      this.toasts.info($localize`:@@board.store.deletedWhileWorking:A note you were working on was deleted by someone else.`);
    }
  }

  private onMemberAdded({ member, role }: EventMap['board.member_added']): void {
    this.currentBoard.update((board) => board && withMember(board, member, role));
  }

  private onRoleChanged(change: EventMap['board.role_changed']): void {
    const before = this.myRole();
    this.currentBoard.update((board) => board && withRoleChanged(board, change));
    if (change.userId !== this.auth.user()?.id || before === change.role) {
      return;
    }
    if (!this.canEdit()) {
      // Made a viewer mid-edit or mid-drag: the editor closes and the note goes back, as neither could be saved.
      this.editingKey.set(null);
      for (const entry of this.entries().values()) {
        const dragged = FIELDS.filter((field) => entry.owners[field] === LOCAL);
        if (dragged.length > 0) {
          this.put(dropFields(entry, dragged));
        }
      }
    }
    this.toasts.info(ROLE_CHANGE_MESSAGES[change.role]);
  }

  private onMemberRemoved({ userId, reason }: EventMap['board.member_removed']): void {
    if (userId === this.auth.user()?.id) {
      this.lose(reason);
    } else {
      this.currentBoard.update((board) => board && withoutMember(board, userId));
    }
  }

  /** The stream no longer carries this board for us; the page goes back to the list saying why. */
  private lose(reason: AccessLossReason): void {
    if (this.currentStatus() === 'gone') {
      return;
    }
    const title = this.currentBoard()?.title ?? $localize`:@@board.store.thisBoard:This board`;
    this.markGone(reason === 'board_deleted' && this.isOwner() ? YOU_DELETED : accessLossMessage(reason, title));
  }

  /**
   * Replaces what we hold with a snapshot, keeping local changes on top and notes that
   * exist only here. The stream is then resumed from the snapshot's cursor, so events
   * after it are replayed and events before it are dropped by version.
   */
  private applySnapshot(snapshot: BoardSnapshot): void {
    this.snapshotCursor = snapshot.cursor;
    this.currentBoard.set(snapshot.board);
    this.state.update((state) => snapshotApplied(state, snapshot.notes));
  }

  /** Refetch after a reset or a refused write: the board may have changed beyond what events told us, or be gone. */
  private resync(): Promise<void> {
    this.resyncing ??= this.refetch().finally(() => (this.resyncing = undefined));
    return this.resyncing;
  }

  private async refetch(): Promise<void> {
    const boardId = this.boardId;
    if (!boardId || this.currentStatus() === 'gone') {
      return;
    }
    try {
      const snapshot = await firstValueFrom(this.api.snapshot(boardId));
      if (this.boardId !== boardId || this.currentStatus() === 'gone') {
        return;
      }
      this.applySnapshot(snapshot);
      this.markStored(false);
      this.realtime.resume(boardChannel(boardId), snapshot.cursor);
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      if (this.boardId === boardId && (status === 403 || status === 404)) {
        // Also where a refused stream ends up: the page leaves, so nothing asks for the channel again.
        this.markGone(goneMessage(status, this.currentBoard()?.title));
      }
    }
  }

  private markGone(message: string): void {
    // Deleted, left or lost: nothing of it stays on this browser.
    void this.lastKnown.forget(snapshotKey(this.boardId));
    this.markStored(false);
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.editingKey.set(null);
    this.currentStatus.set('gone');
    this.goneMessage.set(message);
  }

  // ---- bookkeeping -----------------------------------------------------------------------

  private view(entry: NoteEntry): NoteView {
    let view = this.views.get(entry);
    if (!view) {
      view = toView(entry);
      this.views.set(entry, view);
    }
    return view;
  }

  private put(entry: NoteEntry): void {
    this.state.update((state) => withEntry(state, entry));
  }

  private remove(entry: NoteEntry): void {
    if (this.editingKey() === entry.key) {
      this.editingKey.set(null);
    }
    this.state.update((state) => withoutEntry(state, entry));
  }

  /** Whether the write waited in the outbox (made offline, or behind writes that did). */
  private wasQueued(clientId: string): boolean {
    return this.outbox?.waiting().some((record) => record.key === clientId) ?? false;
  }

  /** The write waiting under this clientId, now taken off the list; undefined when none was. */
  private takeWrite(clientId: string): PendingWrite | undefined {
    const write = this.state().writes.get(clientId);
    if (write) {
      this.state.update((state) => writeAnswered(state, clientId));
    }
    return write;
  }

  private reset(): void {
    this.state.set(NO_NOTES);
    this.currentBoard.set(null);
    this.currentError.set(null);
    this.goneMessage.set(null);
    this.editingKey.set(null);
    this.currentStatus.set('loading');
  }

  private close(): void {
    this.markStored(false);
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.boardId = '';
  }
}

function snapshotKey(boardId: string): string {
  return `board:${boardId}`;
}

/** The board as the server last confirmed it: our unconfirmed changes are not the server's state. */
function storedSnapshot(board: Board, entries: ReadonlyMap<string, NoteEntry>, cursor: string): BoardSnapshot {
  const notes: Note[] = [];
  for (const entry of entries.values()) {
    if (entry.confirmed) {
      notes.push(entry.confirmed);
    }
  }
  return { board, notes, cursor };
}

/** What the user is told when the owner changes their role (the board switches mode under them). */
const ROLE_CHANGE_MESSAGES: Record<BoardRole, string> = {
  owner: $localize`:@@board.store.nowOwner:You now own this board.`,
  editor: $localize`:@@board.store.nowEditor:You can now edit this board.`,
  viewer: $localize`:@@board.store.nowViewer:You can now only view this board.`,
};

const YOU_DELETED = $localize`:@@board.store.youDeleted:You deleted this board.`;

function deletedByOwner(title: string | undefined): string {
  return title
    ? $localize`:@@board.store.deletedByOwner:“${title}:title:” was deleted by its owner.`
    : $localize`:@@board.store.deletedByOwnerUntitled:This board was deleted by its owner.`;
}

/** Why the board left the page when a refetch was refused (404 gone, 403 no access). */
function goneMessage(status: number, title: string | undefined): string {
  if (status === 404) {
    return title
      ? $localize`:@@board.store.noLongerExists:“${title}:title:” no longer exists.`
      : $localize`:@@board.store.noLongerExistsUntitled:This board no longer exists.`;
  }
  return title
    ? $localize`:@@board.store.noAccess:You no longer have access to “${title}:title:”.`
    : $localize`:@@board.store.noAccessUntitled:You no longer have access to this board.`;
}

/** What the user is told when a write of this kind fails. */
const FAILURE: Record<PendingWrite['kind'], string> = {
  create: $localize`:@@board.store.createFailed:Your note could not be added`,
  update: $localize`:@@board.store.updateFailed:Your change could not be saved`,
  delete: $localize`:@@board.store.deleteFailed:The note could not be deleted`,
};

/** The clientId a local note was created with (its key is `new-<clientId>`), the create's key in the outbox. */
function createKeyOf(entry: NoteEntry): string {
  return entry.key.slice('new-'.length);
}

function isNoteConflict(body: unknown): body is NoteConflict {
  const current = (body as Partial<NoteConflict> | null)?.current;
  return typeof current === 'object' && current !== null && typeof current.id === 'string' && typeof current.version === 'number';
}

function loadErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 404) {
    return $localize`:@@board.store.notFound:This board does not exist, or it was deleted.`;
  }
  if (error instanceof HttpErrorResponse && error.status === 403) {
    return $localize`:@@board.store.notMember:You are not a member of this board. Ask its owner to invite you.`;
  }
  return errorMessages(error)[0];
}
