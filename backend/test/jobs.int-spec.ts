import { expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import type { EventEnvelope } from '../../contracts/events';
import type { Job, JobAccepted } from '../../contracts/jobs';
import { ApiUser } from './support/api';
import { errorOf } from './support/http';
import { download } from './support/download';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { type IncomingMessage, request as httpRequest } from 'node:http';

function zipEntries(body: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(body, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        return reject(error ?? new Error('yauzl opened no zip file'));
      }
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function csvOf(rows: string[][]): Buffer {
  return Buffer.from(
    rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n'),
  );
}

/** The job's events as they arrive on the owner's own stream. */
const jobEvents = (client: SseClient, jobId: string) =>
  client.events.filter(
    (event) =>
      event.type.startsWith('job.') &&
      ((event.envelope.data as { jobId?: string; job?: Job }).jobId ?? (event.envelope.data as { job?: Job }).job?.id) === jobId,
  );

describe('jobs (memory mode)', () => {
  let pod: TestApp;
  let owner: ApiUser;
  let other: ApiUser;
  let ownStream: SseClient;

  beforeAll(async () => {
    pod = await startTestApp({ WRITE_RATE_LIMIT: '100000', CHAT_RATE_LIMIT: '100000', JOB_BATCH_PAUSE_MS: '20' });
    [owner, other] = await Promise.all([ApiUser.register(pod.url, 'jobs'), ApiUser.register(pod.url, 'other')]);
    ownStream = await SseClient.open(pod.url, { token: owner.token });
    await ownStream.waitForType('stream.ready');
  });

  afterAll(async () => {
    ownStream?.close();
    await pod?.close();
  });

  const waitForEnd = async (jobId: string): Promise<Job> => {
    await ownStream.waitFor(
      (events) =>
        events.some(
          (event) =>
            ['job.completed', 'job.failed', 'job.cancelled'].includes(event.type) &&
            (event.envelope.data as { jobId: string }).jobId === jobId,
        ),
      `the end of job ${jobId}`,
      20_000,
    );
    return (await owner.api.get(`/api/jobs/${jobId}`).expect(200)).body as Job;
  };

  it('exports a board as CSV with monotonic progress up to 100 and a downloadable file', async () => {
    const board = await owner.createBoard('Export me');
    for (let i = 0; i < 120; i++) {
      await owner.createNote(board.id, `note, "quoted" #${i}`, { x: i, y: i, color: 'green' });
    }
    const accepted = (
      await owner.api
        .post('/api/jobs')
        .send({ type: 'board.export', params: { boardId: board.id, format: 'csv' } })
        .expect(202)
    ).body as JobAccepted;
    expect(accepted).toEqual({ id: expect.any(String), status: 'queued' });
    const job = await waitForEnd(accepted.id);
    expect(job).toEqual(
      expect.objectContaining({
        status: 'completed',
        progress: 100,
        processed: 120,
        total: 120,
        resultUrl: `/api/jobs/${accepted.id}/result`,
      }),
    );

    const events = jobEvents(ownStream, accepted.id);
    expect(events[0].type).toBe('job.queued');
    expect(events[events.length - 1].type).toBe('job.completed');
    const progress = events
      .filter((event) => event.type === 'job.progress')
      .map((event) => (event.envelope as EventEnvelope<'job.progress'>).data.progress);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress[progress.length - 1]).toBe(100);

    const file = await download(pod.url, job.resultUrl!, owner.token);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="export-me-[0-9a-f]{8}\.csv"/);
    const rows = parse<Record<string, string>>(file.body.toString('utf8'), { columns: true });
    expect(rows).toHaveLength(120);
    expect(rows.map((row) => row.text)).toContain('note, "quoted" #7');
    expect(rows[0]).toEqual(expect.objectContaining({ color: 'green', version: '1' }));
  });

  it('exports all boards with notes and chat as a ZIP', async () => {
    const user = await ApiUser.register(pod.url, 'zipper');
    const first = await user.createBoard('First');
    const second = await user.createBoard('Second');
    await user.createNote(first.id, 'hello');
    await user.api.post(`/api/boards/${second.id}/messages`).send({ content: 'chat line' }).expect(201);
    const stream = await SseClient.open(pod.url, { token: user.token });
    await stream.waitForType('stream.ready');
    const accepted = (
      await user.api
        .post('/api/jobs')
        .send({ type: 'board.export', params: { format: 'json' } })
        .expect(202)
    ).body as JobAccepted;
    await stream.waitForType('job.completed');
    stream.close();
    const job = (await user.api.get(`/api/jobs/${accepted.id}`).expect(200)).body as Job;
    expect(job.status).toBe('completed');
    const file = await download(pod.url, job.resultUrl!, user.token);
    expect(file.headers['content-type']).toBe('application/zip');
    expect((await zipEntries(file.body)).sort()).toEqual([`first-${first.id.slice(0, 8)}.json`, `second-${second.id.slice(0, 8)}.json`]);
  });

  it('imports a CSV: good rows become notes live, bad rows are reported by number', async () => {
    const board = await owner.createBoard('Import here');
    const watcher = await SseClient.open(pod.url, { token: owner.token, channels: [`board:${board.id}`] });
    try {
      await watcher.waitForType('stream.ready');
      const csv = csvOf([
        ['text', 'x', 'y', 'color'],
        ['first', '10', '20', 'yellow'],
        ['bad colour', '10', '20', 'black'],
        ['no position', '', '', ''],
        ['x'.repeat(5001), '1', '1', 'pink'],
        ['off the board', '99999', '1', 'blue'],
        ['last, with comma', '100', '100', 'BLUE'],
      ]);
      const accepted = (
        await owner.api
          .post(`/api/jobs/import?boardId=${board.id}`)
          .attach('file', csv, { filename: 'notes.csv', contentType: 'text/csv' })
          .expect(202)
      ).body as JobAccepted;
      const job = await waitForEnd(accepted.id);
      expect(job.status).toBe('completed');
      expect(job.report).toEqual({
        imported: 3,
        failedCount: 3,
        failed: [
          { row: 2, problem: 'unknown_color', message: expect.stringMatching(/^color must be one of/) },
          { row: 4, problem: 'text_too_long', message: 'text is longer than 5000 characters' },
          { row: 5, problem: 'x_out_of_range', message: 'x must be a number from 0 to 4000' },
        ],
      });
      await watcher.waitForType('note.created', 3);
      const snapshot = await owner.snapshot(board.id);
      expect(snapshot.notes.map((note) => note.text).sort()).toEqual(['first', 'last, with comma', 'no position']);
      expect(snapshot.notes.find((note) => note.text === 'last, with comma')?.color).toBe('blue');
      const report = await download(pod.url, job.resultUrl!, owner.token);
      expect(JSON.parse(report.body.toString('utf8'))).toEqual(expect.objectContaining({ rows: 6, imported: 3 }));
    } finally {
      watcher.close();
    }
  });

  it('refuses a file with more rows than the board has room for at upload, and keeps the board cap when imports race', async () => {
    const board = await owner.createBoard('Nearly full');
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 49 }, () => owner.createNote(board.id, 'filler')));
    }
    const file = (count: number, from = 0) =>
      Buffer.from(JSON.stringify(Array.from({ length: count }, (_, i) => ({ text: `json ${from + i}`, x: i, y: i, color: 'orange' }))));
    const tooMany = await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', file(15), { filename: 'notes.json', contentType: 'application/json' })
      .expect(400);
    expect(errorOf(tooMany).message).toBe(
      'The file has 15 rows, more than the board has room for: 10 more notes fit (a board holds at most 500)',
    );

    // Each file fits the board on its own, together they do not: however the uploads and the
    // runs interleave, a file is refused at upload or its extra rows are refused as they run.
    const answers = await Promise.all(
      [0, 100].map((from) =>
        owner.api
          .post(`/api/jobs/import?boardId=${board.id}`)
          .attach('file', file(10, from), { filename: 'notes.json', contentType: 'application/json' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toContain(202);
    const jobs = await Promise.all(
      answers.filter((answer) => answer.status === 202).map((answer) => waitForEnd((answer.body as JobAccepted).id)),
    );
    expect(jobs.reduce((sum, job) => sum + (job.report?.imported ?? 0), 0)).toBe(10);
    for (const job of jobs) {
      expect((job.report?.imported ?? 0) + (job.report?.failedCount ?? 0)).toBe(10);
      expect(new Set(job.report?.failed.map((row) => row.message))).toEqual(
        new Set(job.report?.failedCount ? ['the board is full (500 notes)'] : []),
      );
    }
    for (const answer of answers.filter((candidate) => candidate.status !== 202)) {
      expect(errorOf(answer).message).toMatch(/more than the board has room for|no room to import/);
    }
    expect((await owner.snapshot(board.id)).notes).toHaveLength(500);
    const full = await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', file(1), { filename: 'notes.json', contentType: 'application/json' })
      .expect(400);
    expect(errorOf(full).message).toMatch(/no room to import/);
  });

  it('refuses oversized (413), wrongly typed (415) and malformed (400) uploads', async () => {
    const board = await owner.createBoard('Refusals');
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
    const tooBig = await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', big, { filename: 'big.csv', contentType: 'text/csv' });
    expect(tooBig.status).toBe(413);
    expect(errorOf(tooBig).statusCode).toBe(413);
    await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', Buffer.from('\x89PNG'), { filename: 'cat.png', contentType: 'image/png' })
      .expect(415);
    await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', Buffer.from('text\n"unclosed'), { filename: 'x.csv', contentType: 'text/csv' })
      .expect(400);
    await owner.api
      .post(`/api/jobs/import?boardId=${board.id}`)
      .attach('file', Buffer.from('{"notes": 5}'), { filename: 'x.json', contentType: 'application/json' })
      .expect(400);
    await owner.api.post(`/api/jobs/import?boardId=${board.id}`).expect(400);
    await owner.api
      .post('/api/jobs')
      .send({ type: 'board.import', params: { format: 'csv' } })
      .expect(400);
    await owner.api
      .post('/api/jobs')
      .send({ type: 'board.export', params: { format: 'pdf' } })
      .expect(400);
    const foreign = await other.createBoard('Not yours');
    await owner.api
      .post('/api/jobs')
      .send({ type: 'board.export', params: { boardId: foreign.id, format: 'csv' } })
      .expect(403);
  });

  it('keeps other users out of a job: 403 on every endpoint', async () => {
    const board = await owner.createBoard('Private');
    await owner.createNote(board.id);
    const accepted = (
      await owner.api
        .post('/api/jobs')
        .send({ type: 'board.export', params: { boardId: board.id, format: 'json' } })
        .expect(202)
    ).body as JobAccepted;
    await waitForEnd(accepted.id);
    await other.api.get(`/api/jobs/${accepted.id}`).expect(403);
    await other.api.delete(`/api/jobs/${accepted.id}`).expect(403);
    await other.api.get(`/api/jobs/${accepted.id}/result`).expect(403);
    await expect(openJobStream(pod.url, accepted.id, other.token)).resolves.toMatchObject({ status: 403 });
    expect(((await other.api.get('/api/jobs').expect(200)).body as Job[]).map((job) => job.id)).not.toContain(accepted.id);
    await owner.api.get('/api/jobs/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('cancels a running import at its next checkpoint', async () => {
    const board = await owner.createBoard('Cancel me');
    const rows = [['text'], ...Array.from({ length: 400 }, (_, i) => [`row ${i}`])];
    const accepted = (
      await owner.api
        .post(`/api/jobs/import?boardId=${board.id}`)
        .attach('file', csvOf(rows), { filename: 'many.csv', contentType: 'text/csv' })
        .expect(202)
    ).body as JobAccepted;
    await ownStream.waitFor(
      (events) =>
        events.some(
          (event) =>
            event.type === 'job.progress' &&
            (event.envelope.data as { jobId: string; processed: number }).jobId === accepted.id &&
            (event.envelope.data as { processed: number }).processed > 0,
        ),
      'the import to make progress',
    );
    const cancelling = (await owner.api.delete(`/api/jobs/${accepted.id}`).expect(200)).body as Job;
    expect(cancelling.status).toBe('running');
    const job = await waitForEnd(accepted.id);
    expect(job.status).toBe('cancelled');
    expect(job.processed).toBeLessThan(400);
    const notes = (await owner.snapshot(board.id)).notes.length;
    expect(notes).toBe(job.report?.imported);
    await owner.api.delete(`/api/jobs/${accepted.id}`).expect(409);
    await owner.api.get(`/api/jobs/${accepted.id}/result`).expect(409);
  });

  it('streams one job: its state, its progress, its end, then the stream ends; a reconnect after the end gets 204', async () => {
    const board = await owner.createBoard('Watch one job');
    const rows = [['text'], ...Array.from({ length: 60 }, (_, i) => [`row ${i}`])];
    const accepted = (
      await owner.api
        .post(`/api/jobs/import?boardId=${board.id}`)
        .attach('file', csvOf(rows), { filename: 'some.csv', contentType: 'text/csv' })
        .expect(202)
    ).body as JobAccepted;
    const client = await openJobStream(pod.url, accepted.id, owner.token);
    expect(client.status).toBe(200);
    const types = client.events.map((event) => event.type);
    expect(types[0]).toBe('job.state');
    expect(types[types.length - 1]).toBe('job.completed');
    expect(types.filter((type) => type === 'job.completed')).toHaveLength(1);
    expect(client.events[0].retry).toBeGreaterThan(0);

    const again = await openJobStream(pod.url, accepted.id, owner.token);
    expect(again.events.map((event) => event.type)).toEqual(['job.state']);
    expect(again.events[0].data.job.status).toBe('completed');
    const reconnect = await openJobStream(pod.url, accepted.id, owner.token, client.events[client.events.length - 1].id);
    expect(reconnect.status).toBe(204);
  });
});

interface JobStreamResult {
  status: number;
  events: Array<{ type: string; id: string; retry?: number; data: { job: Job } & Record<string, unknown> }>;
}

/** Reads a job stream to its end (it is finite). */
function openJobStream(baseUrl: string, jobId: string, token: string, lastEventId?: string): Promise<JobStreamResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (lastEventId) {
      headers['Last-Event-ID'] = lastEventId;
    }
    const req = httpRequest(new URL(`/api/jobs/${jobId}/events`, baseUrl), { headers, agent: false }, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const events = body
          .split('\n\n')
          .filter((block) => block.includes('data:'))
          .map((block) => {
            const field = (name: string): string | undefined =>
              block
                .split('\n')
                .find((line) => line.startsWith(`${name}:`))
                ?.slice(name.length + 1)
                .trim();
            const envelope = JSON.parse(field('data') ?? '{}') as { data: { job: Job } & Record<string, unknown> };
            return {
              type: field('event') ?? 'message',
              id: field('id') ?? '',
              retry: field('retry') ? Number(field('retry')) : undefined,
              data: envelope.data,
            };
          });
        resolve({ status: response.statusCode ?? 0, events });
      });
    });
    req.setTimeout(20_000, () => req.destroy(new Error('job stream did not end')));
    req.on('error', reject);
    req.end();
  });
}
