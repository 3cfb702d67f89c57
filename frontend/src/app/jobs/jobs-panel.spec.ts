import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnyEventEnvelope } from '@contracts/events';
import type { Job } from '@contracts/jobs';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { JobsButton } from './jobs-button';
import { JobsStore } from './jobs-store';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const running: Job = {
  id: 'j1',
  type: 'board.import',
  status: 'running',
  progress: 40,
  processed: 40,
  total: 100,
  message: 'Imported 40 of 100 rows',
  params: { boardId: 'b1', fileName: 'ideas.csv' },
  createdAt: '2026-11-22T10:00:02.000Z',
};
const finished: Job = {
  id: 'j0',
  type: 'board.import',
  status: 'completed',
  progress: 100,
  processed: 3,
  total: 3,
  message: 'Done',
  resultUrl: '/api/jobs/j0/result',
  resultExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  report: { imported: 2, failed: [{ row: 3, problem: 'text_missing', message: 'text is missing' }], failedCount: 1 },
  params: { boardId: 'b1', fileName: 'old.csv' },
  createdAt: '2026-11-22T10:00:01.000Z',
  finishedAt: '2026-11-22T10:00:05.000Z',
};

describe('JobsButton and its panel', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;

  async function render(jobs: Job[] = [running, finished]): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(JobsButton);
    TestBed.inject(JobsStore).rememberTitle('b1', 'Retro');
    await fixture.whenStable();
    http.expectOne('/api/jobs').flush(jobs);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const find = (root: HTMLElement, selector: string): HTMLElement => root.querySelector(selector) as HTMLElement;

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: RealtimeClient, useValue: { channel: vi.fn(() => events) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  it('counts running jobs on the button and lists every job in the panel', async () => {
    const root = await render();
    expect(find(root, '[data-testid="jobs-count"]').textContent?.trim()).toBe('1');
    expect(find(root, '[data-testid="jobs-panel"]')).toBeNull();

    find(root, '[data-testid="jobs-button"]').click();
    await vi.waitFor(() => expect(find(root, '[data-testid="jobs-panel"]')).not.toBeNull());
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="job-item"]')).toHaveLength(2));

    const items = [...root.querySelectorAll<HTMLElement>('[data-testid="job-item"]')];
    expect(items.map((item) => item.dataset['status'])).toEqual(['running', 'completed']);
    expect(items[0].querySelector('[data-testid="job-title"]')?.textContent?.trim()).toBe('Import ideas.csv into “Retro”');
  });

  it('shows live progress as an accessible progress bar with a cancel button', async () => {
    const root = await render();
    TestBed.inject(JobsStore).panelOpen.set(true);
    await vi.waitFor(() => expect(find(root, '[data-job-id="j1"] [data-testid="job-progress"]')).not.toBeNull());
    const bar = find(root, '[data-job-id="j1"] [data-testid="job-progress"]');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('40');

    events.next({
      id: '',
      channel: 'user:u1',
      type: 'job.progress',
      timestamp: '',
      userId: 'u1',
      data: { jobId: 'j1', progress: 65, processed: 65, total: 100, message: 'Imported 65 of 100 rows' },
    });
    await vi.waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('65'));

    find(root, '[data-job-id="j1"] [data-testid="job-cancel"]').click();
    const cancel = http.expectOne({ method: 'DELETE', url: '/api/jobs/j1' });
    await vi.waitFor(() => expect((find(root, '[data-job-id="j1"] [data-testid="job-cancel"]') as HTMLButtonElement).disabled).toBe(true));
    cancel.flush({ ...running, progress: 65, status: 'cancelled', message: 'Cancelled' });
    await vi.waitFor(() => expect(find(root, '[data-job-id="j1"]').dataset['status']).toBe('cancelled'));
    expect(find(root, '[data-job-id="j1"] [data-testid="job-progress"]')).toBeNull();
  });

  it('offers the result for download and lists the rows an import skipped', async () => {
    const root = await render();
    TestBed.inject(JobsStore).panelOpen.set(true);
    await vi.waitFor(() => expect(find(root, '[data-job-id="j0"]')).not.toBeNull());

    const link = find(root, '[data-job-id="j0"] [data-testid="job-download"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/api/jobs/j0/result');
    expect(link.hasAttribute('download')).toBe(true);
    const errors = find(root, '[data-job-id="j0"] [data-testid="import-errors"]');
    expect(errors.textContent).toContain('1 row could not be imported');
    expect(errors.textContent).toContain('Row 3');
    expect(errors.textContent).toContain('text is missing');
  });

  it('counts every skipped row of a large import, though the server lists only the first 100', async () => {
    const failed = Array.from({ length: 100 }, (_, i) => ({ row: i + 1, problem: 'text_missing' as const, message: 'text is missing' }));
    const root = await render([{ ...finished, processed: 500, total: 500, report: { imported: 0, failed, failedCount: 500 } }]);
    TestBed.inject(JobsStore).panelOpen.set(true);
    await vi.waitFor(() => expect(find(root, '[data-job-id="j0"]')).not.toBeNull());

    expect(find(root, '[data-job-id="j0"]').textContent).toContain('Imported 0 notes · 500 skipped');
    const errors = find(root, '[data-job-id="j0"] [data-testid="import-errors"]');
    expect(errors.textContent).toContain('500 rows could not be imported');
    expect(errors.querySelectorAll('[data-testid="import-error"]')).toHaveLength(50);
    expect(errors.textContent).toContain('…and 450 more (the report lists the first 100)');
  });
});
