import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';
import type { Job } from '@contracts/jobs';

import { AuthStore } from '../auth/auth-store';
import { Toasts } from '../core/toasts';
import { RealtimeClient } from '../realtime/realtime-client';
import { JobsStore } from './jobs-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const boards = [{ id: 'b1', title: 'Retro', ownerId: 'u1', members: [alice], createdAt: '' }];

function job(id: string, changes: Partial<Job> = {}): Job {
  return {
    id,
    type: 'board.export',
    status: 'queued',
    progress: 0,
    processed: 0,
    total: 0,
    message: 'Waiting for a worker',
    params: { boardId: 'b1', format: 'csv' },
    createdAt: `2026-11-22T10:00:0${id.length}.000Z`,
    ...changes,
  };
}

describe('JobsStore', () => {
  let store: JobsStore;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let realtime: { channel: ReturnType<typeof vi.fn> };
  let toasts: Toasts;

  function push<T extends EventType>(type: T, data: EventMap[T]): void {
    events.next({ id: '1-0', channel: 'user:u1', type, timestamp: '', userId: 'u1', data } as AnyEventEnvelope);
  }

  const progress = (jobId: string, value: number, processed = value, total = 100): EventMap['job.progress'] => ({
    jobId,
    progress: value,
    processed,
    total,
    message: `Exported ${processed} of ${total}`,
  });

  const shown = (id: string): Job | undefined => store.jobs().find((candidate) => candidate.id === id);
  const messages = (): string[] => toasts.toasts().map((toast) => `${toast.kind}: ${toast.message}`);

  /** Connects with the list the server answers; the board's title is known unless `lookUpTitles`. */
  function connect(jobs: Job[] = [], lookUpTitles = false): void {
    if (!lookUpTitles) {
      store.rememberTitle('b1', 'Retro');
    }
    store.connect();
    http.expectOne('/api/jobs').flush(jobs);
  }

  beforeEach(async () => {
    events = new Subject();
    realtime = { channel: vi.fn(() => events.asObservable()) };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: RealtimeClient, useValue: realtime }],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
    store = TestBed.inject(JobsStore);
    toasts = TestBed.inject(Toasts);
  });

  afterEach(() => {
    store.disconnect();
    http.verify();
  });

  it('lists the user’s jobs newest first and names their boards', () => {
    connect([job('old', { status: 'completed', progress: 100 }), job('newer')], true);
    http.expectOne('/api/boards').flush(boards);

    expect(realtime.channel).toHaveBeenCalledWith('user:u1');
    expect(store.jobs().map((candidate) => candidate.id)).toEqual(['newer', 'old']);
    expect(store.titles().get('b1')).toBe('Retro');
    expect(store.activeCount()).toBe(1);
  });

  it('follows a job from queued through progress to completed, and says so with a toast', () => {
    connect();

    push('job.queued', { job: job('j1') });
    expect(shown('j1')?.status).toBe('queued');
    expect(store.activeCount()).toBe(1);

    push('job.progress', progress('j1', 40));
    expect(shown('j1')).toEqual(expect.objectContaining({ status: 'running', progress: 40, processed: 40, message: 'Exported 40 of 100' }));

    push('job.progress', progress('j1', 80));
    const done = job('j1', { status: 'completed', progress: 100, processed: 100, total: 100, resultUrl: '/api/jobs/j1/result' });
    push('job.completed', { jobId: 'j1', resultUrl: '/api/jobs/j1/result', job: done });

    expect(shown('j1')).toEqual(expect.objectContaining({ status: 'completed', progress: 100, resultUrl: '/api/jobs/j1/result' }));
    expect(store.activeCount()).toBe(0);
    expect(messages()).toEqual(['info: “Retro” is exported as CSV. Download it from Jobs.']);
  });

  it('never lets progress go down, nor a finished job come back to life', () => {
    connect([job('j1', { status: 'running', progress: 50, processed: 50, total: 100 })]);

    push('job.progress', progress('j1', 30));
    expect(shown('j1')?.progress).toBe(50);

    push('job.cancelled', { jobId: 'j1', job: job('j1', { status: 'cancelled', progress: 60, processed: 60, total: 100 }) });
    push('job.progress', progress('j1', 90));
    push('job.queued', { job: job('j1') });

    expect(shown('j1')).toEqual(expect.objectContaining({ status: 'cancelled', progress: 60 }));
  });

  it('applies events that arrive while the list loads on top of it', () => {
    store.rememberTitle('b1', 'Retro');
    store.connect();
    const list = http.expectOne('/api/jobs');
    push('job.progress', progress('j1', 70));
    list.flush([job('j1', { status: 'running', progress: 20 })]);

    expect(shown('j1')?.progress).toBe(70);
  });

  it('toasts a failure as an error, and an import’s skipped rows', () => {
    connect();
    const importing = job('j2', { type: 'board.import', params: { boardId: 'b1', fileName: 'ideas.csv' }, status: 'running' });
    push('job.queued', { job: importing });
    push('job.queued', { job: job('j3') });

    push('job.completed', {
      jobId: 'j2',
      resultUrl: '/api/jobs/j2/result',
      job: {
        ...importing,
        status: 'completed',
        progress: 100,
        report: { imported: 3, failed: [{ row: 2, problem: 'text_missing', message: 'text is missing' }], failedCount: 1 },
      },
    });
    push('job.failed', {
      jobId: 'j3',
      error: 'You have no boards to export',
      job: job('j3', { status: 'failed', error: 'You have no boards to export', errorCode: 'no_boards_to_export' }),
    });

    expect(messages()).toEqual([
      'info: Imported 3 notes into “Retro”. 1 row was skipped — see Jobs.',
      'error: Export “Retro” as CSV failed: You have no boards to export.',
    ]);
  });

  it('does not toast a job that was already finished when the list loaded, nor twice', () => {
    const done = job('j1', { status: 'completed', progress: 100 });
    connect([done]);
    push('job.completed', { jobId: 'j1', resultUrl: '/x', job: done });
    expect(messages()).toEqual([]);
  });

  it('cancels: a queued job at once from the answer; a finished one is read again after 409', async () => {
    connect([job('j1'), job('j22', { status: 'running', progress: 10 })]);

    const cancelling = store.cancel('j1');
    expect(store.cancellingIds().has('j1')).toBe(true);
    http
      .expectOne({ method: 'DELETE', url: '/api/jobs/j1' })
      .flush(job('j1', { status: 'cancelled', message: 'Cancelled before it started' }));
    await cancelling;
    expect(shown('j1')?.status).toBe('cancelled');
    expect(store.cancellingIds().has('j1')).toBe(false);

    const late = store.cancel('j22');
    http
      .expectOne({ method: 'DELETE', url: '/api/jobs/j22' })
      .flush({ statusCode: 409, error: 'Conflict', message: 'The job already completed' }, { status: 409, statusText: 'Conflict' });
    await late;
    http.expectOne('/api/jobs/j22').flush(job('j22', { status: 'completed', progress: 100 }));
    expect(shown('j22')?.status).toBe('completed');
    expect(messages()).toEqual([]);
  });

  it('starts an export and opens the panel; a refused start is toasted', async () => {
    connect();

    const started = store.startExport('markdown');
    const request = http.expectOne({ method: 'POST', url: '/api/jobs' });
    expect(request.request.body).toEqual({ type: 'board.export', params: { format: 'markdown' } });
    push('job.queued', { job: job('j9', { params: { format: 'markdown' } }) });
    request.flush({ id: 'j9', status: 'queued' });
    await started;
    expect(store.panelOpen()).toBe(true);
    expect(shown('j9')?.status).toBe('queued');

    const refused = store.startExport('csv', { id: 'b1', title: 'Retro' });
    http
      .expectOne({ method: 'POST', url: '/api/jobs' })
      .flush(
        { statusCode: 429, error: 'Too Many Requests', message: 'Too many writes; try again in 3 s' },
        { status: 429, statusText: 'Too Many Requests' },
      );
    await refused;
    expect(messages()).toEqual(['error: The export could not be started: Too many requests. Wait a moment, then try again.']);
  });

  it('uploads an import as multipart, and refuses files the server would refuse before sending them', async () => {
    connect();
    const board = { id: 'b1', title: 'Retro' };

    await store.startImport(board, new File(['x'], 'photo.png', { type: 'image/png' }));
    expect(messages()).toEqual(['error: “photo.png” cannot be imported: choose a .csv or .json file.']);

    const started = store.startImport(board, new File(['text\nhello'], 'ideas.csv', { type: 'text/csv' }));
    const request = http.expectOne({ method: 'POST', url: '/api/jobs/import?boardId=b1' });
    const form = request.request.body as FormData;
    expect(form.get('boardId')).toBeNull();
    expect((form.get('file') as File).name).toBe('ideas.csv');
    request.flush({ id: 'j5', status: 'queued' });
    await started;
    // No job.queued arrived (stream down?): the job is read instead.
    http.expectOne('/api/jobs/j5').flush(job('j5', { type: 'board.import', params: { boardId: 'b1', fileName: 'ideas.csv' } }));
    expect(shown('j5')?.type).toBe('board.import');
  });

  it('reads the list again after a reset of the user channel', () => {
    connect([job('j1')]);
    push('reset', { channels: ['user:u1'] });
    http.expectOne('/api/jobs').flush([job('j1', { status: 'running', progress: 30 }), job('j22')]);
    expect(store.jobs().map((candidate) => candidate.id)).toEqual(['j22', 'j1']);
    expect(shown('j1')?.progress).toBe(30);
  });
});
