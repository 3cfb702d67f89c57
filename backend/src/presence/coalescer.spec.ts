import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the first value at once, then at most one per interval, the latest last', async () => {
    const coalescer = new Coalescer<number>(100);
    const sent: number[] = [];
    const send = async (value: number) => {
      sent.push(value);
    };
    await coalescer.push('a', 1, send);
    await coalescer.push('a', 2, send);
    await coalescer.push('a', 3, send);
    expect(sent).toEqual([1]);
    await jest.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([1, 3]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([1, 3]);
  });

  it('keeps keys apart', async () => {
    const coalescer = new Coalescer<string>(100);
    const sent: string[] = [];
    const send = async (value: string) => {
      sent.push(value);
    };
    await coalescer.push('board|ann', 'ann', send);
    await coalescer.push('board|ben', 'ben', send);
    expect(sent).toEqual(['ann', 'ben']);
  });

  it('drops a trailing value once its board is forgotten', async () => {
    const coalescer = new Coalescer<number>(100);
    const sent: number[] = [];
    const send = async (value: number) => {
      sent.push(value);
    };
    await coalescer.push('b1|ann', 1, send);
    await coalescer.push('b1|ann', 2, send);
    coalescer.forget('b1|');
    await jest.advanceTimersByTimeAsync(200);
    expect(sent).toEqual([1]);
  });
});
