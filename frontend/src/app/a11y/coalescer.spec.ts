import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  let spoken: string[];
  let coalescer: Coalescer<'message' | 'joined', string>;

  beforeEach(() => {
    vi.useFakeTimers();
    spoken = [];
    coalescer = new Coalescer((kind, items) => spoken.push(`${kind}: ${items.join(', ')}`), 1500);
  });

  afterEach(() => {
    coalescer.clear();
    vi.useRealTimers();
  });

  it('speaks the first item of a quiet spell at once', () => {
    coalescer.add('message', 'Ben: hello');
    expect(spoken).toEqual(['message: Ben: hello']);
  });

  it('holds a burst and speaks it as one summary when the window ends', () => {
    ['a', 'b', 'c', 'd', 'e'].forEach((item) => coalescer.add('message', item));
    expect(spoken).toEqual(['message: a']);
    vi.advanceTimersByTime(1499);
    expect(spoken).toEqual(['message: a']);
    vi.advanceTimersByTime(1);
    expect(spoken).toEqual(['message: a', 'message: b, c, d, e']);
  });

  it('speaks at most once per window while a steady stream goes on', () => {
    for (let ms = 0; ms < 6000; ms += 100) {
      coalescer.add('message', String(ms));
      vi.advanceTimersByTime(100);
    }
    // 6 s of a message every 100 ms: the first at once, then one summary per 1.5 s window.
    expect(spoken).toHaveLength(5);
  });

  it('keeps kinds apart: a join is not held back by chat traffic', () => {
    coalescer.add('message', 'm1');
    coalescer.add('message', 'm2');
    coalescer.add('joined', 'Ann');
    expect(spoken).toEqual(['message: m1', 'joined: Ann']);
  });

  it('speaks the next item at once after a quiet window', () => {
    coalescer.add('joined', 'Ann');
    vi.advanceTimersByTime(1500);
    coalescer.add('joined', 'Ben');
    expect(spoken).toEqual(['joined: Ann', 'joined: Ben']);
  });

  it('drops what it holds when cleared', () => {
    coalescer.add('message', 'm1');
    coalescer.add('message', 'm2');
    coalescer.clear();
    vi.advanceTimersByTime(5000);
    expect(spoken).toEqual(['message: m1']);
  });
});
