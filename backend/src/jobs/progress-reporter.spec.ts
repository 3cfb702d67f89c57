import { ProgressReporter, type ProgressUpdate } from './progress-reporter';

describe('ProgressReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends at most four updates a second however much work is reported', async () => {
    const sent: ProgressUpdate[] = [];
    const reporter = new ProgressReporter((update) => void sent.push(update));
    for (let processed = 1; processed <= 1000; processed++) {
      reporter.report(processed, 1000, 'working');
      jest.advanceTimersByTime(1);
    }
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThanOrEqual(5);
  });

  it('always delivers the final value on flush, so 100 % precedes the terminal event', async () => {
    const sent: ProgressUpdate[] = [];
    const reporter = new ProgressReporter((update) => void sent.push(update));
    reporter.report(1, 10, 'a');
    reporter.report(9, 10, 'b');
    reporter.report(10, 10, 'done');
    await reporter.flush();
    expect(sent.map((update) => update.progress)).toEqual([10, 100]);
    expect(sent[sent.length - 1]).toEqual({ progress: 100, processed: 10, total: 10, message: 'done' });
  });

  it('never lets progress go down, even if the total grows', async () => {
    const sent: ProgressUpdate[] = [];
    const reporter = new ProgressReporter((update) => void sent.push(update));
    reporter.report(5, 10, 'half');
    reporter.report(5, 20, 'more found');
    await reporter.flush();
    expect(sent.map((update) => update.progress)).toEqual([50, 50]);
  });

  it('sends nothing after cancel', async () => {
    const sent: ProgressUpdate[] = [];
    const reporter = new ProgressReporter((update) => void sent.push(update));
    reporter.report(1, 10, 'a');
    reporter.report(2, 10, 'b');
    reporter.cancel();
    jest.advanceTimersByTime(1000);
    await reporter.flush();
    expect(sent).toHaveLength(1);
  });
});
