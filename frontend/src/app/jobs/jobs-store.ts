import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, LOCALE_ID, computed, inject, signal } from '@angular/core';
import { Subscription, firstValueFrom } from 'rxjs';

import type { AnyEventEnvelope } from '@contracts/events';
import type { ExportFormat, Job } from '@contracts/jobs';
import { MAX_IMPORT_BYTES } from '@contracts/jobs';

import { AuthStore } from '../auth/auth-store';
import { BoardsApi } from '../boards/boards-api';
import { errorMessages } from '../core/api-error';
import { formatInteger } from '../i18n/format';
import { Toasts } from '../core/toasts';
import { userChannel } from '@contracts/channels';
import { RealtimeClient } from '../realtime/realtime-client';
import { JobsApi } from './jobs-api';
import { finishedMessage, isExport, isFinished, isImport, mergeJob, withProgress } from './job-view';

type JobEvent = Extract<AnyEventEnvelope, { type: 'job.queued' | 'job.progress' | 'job.completed' | 'job.failed' | 'job.cancelled' }>;

const IMPORT_EXTENSIONS = /\.(csv|json)$/i;

/**
 * The user's exports and imports, live: the list from GET /api/jobs, then the job.* events
 * of their own channel. Lives as long as the session (the shell's header starts it), so a
 * job that finishes raises a toast on whatever page the user is on.
 */
@Injectable({ providedIn: 'root' })
export class JobsStore {
  private readonly api = inject(JobsApi);
  private readonly boardsApi = inject(BoardsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly auth = inject(AuthStore);
  private readonly toasts = inject(Toasts);
  private readonly locale = inject(LOCALE_ID);

  private readonly byId = signal<ReadonlyMap<string, Job>>(new Map());
  private readonly boardTitles = signal<ReadonlyMap<string, string>>(new Map());
  private readonly cancelling = signal<ReadonlySet<string>>(new Set());
  private subscription = new Subscription();
  /** Events that arrived while the list was loading; applied on top of it, in order. */
  private pending: JobEvent[] | null = null;
  private generation = 0;
  private connected = false;
  /** Board ids we already asked the server to name (deleted boards stay unnamed). */
  private readonly askedTitles = new Set<string>();
  private readonly fetching = new Set<string>();

  /** Newest first. */
  readonly jobs = computed(() =>
    [...this.byId().values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)),
  );
  readonly activeCount = computed(() => this.jobs().filter((job) => !isFinished(job)).length);
  readonly titles = this.boardTitles.asReadonly();
  readonly cancellingIds = this.cancelling.asReadonly();
  readonly loaded = signal(false);
  /** The jobs panel; opening it from anywhere (e.g. right after starting an export) shows the progress. */
  readonly panelOpen = signal(false);

  /** Starts following the user's jobs (idempotent). */
  connect(): void {
    const user = this.auth.user();
    if (!user || this.connected) {
      return;
    }
    this.connected = true;
    this.subscription.add(this.realtime.channel(userChannel(user.id)).subscribe((event) => this.onEvent(event)));
    this.load();
  }

  disconnect(): void {
    this.subscription.unsubscribe();
    this.subscription = new Subscription();
    this.connected = false;
    // Answers still on their way belong to the old session.
    this.generation++;
    this.pending = null;
    this.byId.set(new Map());
    this.boardTitles.set(new Map());
    this.cancelling.set(new Set());
    this.askedTitles.clear();
    this.loaded.set(false);
    this.panelOpen.set(false);
  }

  /** Names a board for job titles (the page starting a job knows it). */
  rememberTitle(boardId: string, title: string): void {
    if (this.boardTitles().get(boardId) !== title) {
      this.boardTitles.update((titles) => new Map(titles).set(boardId, title));
    }
  }

  /** Resolves once the server accepted the job; errors are toasted, and rethrown for callers that care. */
  async startExport(format: ExportFormat, board?: { id: string; title: string }): Promise<void> {
    if (board) {
      this.rememberTitle(board.id, board.title);
    }
    await this.accept(
      this.api.startExport(board ? { boardId: board.id, format } : { format }),
      $localize`:@@jobs.toast.exportNotStarted:The export could not be started`,
    );
  }

  async startImport(board: { id: string; title: string }, file: File): Promise<void> {
    this.rememberTitle(board.id, board.title);
    // The server checks these too; checking first saves uploading 50 MB to hear "too large".
    if (!IMPORT_EXTENSIONS.test(file.name)) {
      this.toasts.error($localize`:@@jobs.toast.wrongType:“${file.name}:file:” cannot be imported: choose a .csv or .json file.`);
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      const megabytes = formatInteger(MAX_IMPORT_BYTES / 1024 / 1024, this.locale);
      this.toasts.error($localize`:@@jobs.toast.tooLarge:“${file.name}:file:” is too large to import (at most ${megabytes}:size: MB).`);
      return;
    }
    await this.accept(
      this.api.startImport(board.id, file),
      $localize`:@@jobs.toast.importNotStarted:“${file.name}:file:” could not be imported`,
    );
  }

  async cancel(jobId: string): Promise<void> {
    if (this.cancelling().has(jobId)) {
      return;
    }
    this.cancelling.update((ids) => new Set(ids).add(jobId));
    try {
      this.put(await firstValueFrom(this.api.cancel(jobId)));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        // It finished first; its final state is on the way, or here.
        this.fetch(jobId);
      } else {
        this.toasts.error($localize`:@@jobs.toast.cancelFailed:The job could not be cancelled: ${errorMessages(error)[0]}:error:`);
      }
    } finally {
      this.cancelling.update((ids) => {
        const next = new Set(ids);
        next.delete(jobId);
        return next;
      });
    }
  }

  private async accept(request: ReturnType<JobsApi['startExport']>, failure: string): Promise<void> {
    try {
      const accepted = await firstValueFrom(request);
      this.panelOpen.set(true);
      // job.queued normally arrives first; if the stream is down, ask.
      if (typeof accepted?.id === 'string' && !this.byId().has(accepted.id)) {
        this.fetch(accepted.id);
      }
    } catch (error) {
      this.toasts.error($localize`:@@jobs.toast.startFailed:${failure}:what:: ${errorMessages(error)[0]}:error:`);
    }
  }

  private load(): void {
    const generation = ++this.generation;
    this.pending ??= [];
    this.api.list().subscribe({
      next: (jobs) => {
        if (generation !== this.generation) {
          return;
        }
        const next = new Map<string, Job>();
        for (const job of jobs) {
          next.set(job.id, mergeJob(this.byId().get(job.id), job));
        }
        this.byId.set(next);
        this.loaded.set(true);
        this.drain();
        this.nameBoards();
      },
      error: () => {
        if (generation === this.generation) {
          this.drain();
        }
      },
    });
  }

  private drain(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    pending.forEach((event) => this.apply(event));
  }

  private onEvent(event: AnyEventEnvelope): void {
    if (event.type === 'reset') {
      this.load();
    } else if (event.type.startsWith('job.') && event.type !== 'job.state') {
      if (this.pending) {
        this.pending.push(event as JobEvent);
      } else {
        this.apply(event as JobEvent);
      }
    }
  }

  private apply(event: JobEvent): void {
    switch (event.type) {
      case 'job.queued':
        this.put(event.data.job);
        this.nameBoards();
        return;
      case 'job.progress': {
        const held = this.byId().get(event.data.jobId);
        if (held) {
          this.byId.update((jobs) => new Map(jobs).set(held.id, withProgress(held, event.data)));
        } else {
          this.fetch(event.data.jobId);
        }
        return;
      }
      case 'job.completed':
      case 'job.failed':
      case 'job.cancelled':
        this.finish(event.data.job);
        return;
    }
  }

  /** A job reached its end while we watched: the user hears about it wherever they are. */
  private finish(job: Job): void {
    const held = this.byId().get(job.id);
    this.put(job);
    if (held && isFinished(held)) {
      return;
    }
    const message = finishedMessage(job, this.boardTitles(), this.locale);
    if (message?.kind === 'error') {
      this.toasts.error(message.text);
    } else if (message) {
      this.toasts.info(message.text);
    }
  }

  private put(job: Job): void {
    this.byId.update((jobs) => new Map(jobs).set(job.id, mergeJob(jobs.get(job.id), job)));
  }

  private fetch(jobId: string): void {
    if (this.fetching.has(jobId)) {
      return;
    }
    this.fetching.add(jobId);
    this.api.get(jobId).subscribe({
      next: (job) => {
        this.fetching.delete(jobId);
        this.put(job);
      },
      error: () => this.fetching.delete(jobId),
    });
  }

  /** Job titles name their board; boards we do not know yet are looked up once. */
  private nameBoards(): void {
    const unknown = new Set<string>();
    for (const job of this.byId().values()) {
      const boardId = isExport(job) || isImport(job) ? job.params.boardId : undefined;
      if (boardId && !this.boardTitles().has(boardId) && !this.askedTitles.has(boardId)) {
        unknown.add(boardId);
      }
    }
    if (unknown.size === 0) {
      return;
    }
    unknown.forEach((id) => this.askedTitles.add(id));
    this.boardsApi.list().subscribe({
      next: (boards) => {
        const titles = new Map(this.boardTitles());
        boards.forEach((board) => titles.set(board.id, board.title));
        this.boardTitles.set(titles);
      },
      error: () => unknown.forEach((id) => this.askedTitles.delete(id)),
    });
  }
}
