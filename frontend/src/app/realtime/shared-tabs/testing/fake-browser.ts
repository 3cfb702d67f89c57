import type { StreamMessage, TabLink, TabLinkFactory, TabLocks, TabPort } from '../tab-link';

interface Waiter {
  tab: string;
  grant: () => void;
}

/**
 * One browser profile for unit tests: an in-memory lock manager and BroadcastChannel shared
 * by the tabs made with `tab()`. Messages arrive asynchronously (a microtask later), never
 * to their sender, as a structured clone.
 */
export class FakeBrowser {
  private readonly holders = new Map<string, { tab: string; release: () => void }>();
  private readonly queues = new Map<string, Waiter[]>();
  private readonly ports = new Set<FakePort>();
  private readonly crashed = new Set<string>();

  /** The TAB_LINK_FACTORY of one tab. */
  tab(tab: string): TabLinkFactory {
    return (userId: string): TabLink => {
      const port = new FakePort(this, tab, `corkboard-realtime:${userId}`);
      this.ports.add(port);
      return { port, locks: this.locksOf(tab) };
    };
  }

  /** The tab is gone without a word: its locks are released, its channel goes quiet. */
  crash(tab: string): void {
    this.crashed.add(tab);
    for (const [name, holder] of [...this.holders]) {
      if (holder.tab === tab) {
        this.handOn(name);
      }
    }
  }

  heldBy(name: string): string | undefined {
    return this.holders.get(name)?.tab;
  }

  deliver(from: FakePort, message: StreamMessage): void {
    for (const port of this.ports) {
      if (port !== from && port.name === from.name && !port.closed && !this.crashed.has(port.tab)) {
        const copy = structuredClone(message);
        queueMicrotask(() => port.onmessage?.(new MessageEvent('message', { data: copy })));
      }
    }
  }

  forget(port: FakePort): void {
    this.ports.delete(port);
  }

  private locksOf(tab: string): TabLocks {
    return {
      request: (name, options, callback) =>
        new Promise<void>((resolve, reject) => {
          const grant = (): void => {
            let released = false;
            const release = (): void => {
              if (!released) {
                released = true;
                this.handOn(name);
              }
            };
            this.holders.set(name, { tab, release });
            void callback().then(() => {
              release();
              resolve();
            });
          };
          if (options.signal?.aborted) {
            reject(new DOMException('aborted', 'AbortError'));
            return;
          }
          const waiter: Waiter = { tab, grant };
          options.signal?.addEventListener('abort', () => {
            const queue = this.queues.get(name) ?? [];
            if (queue.includes(waiter)) {
              queue.splice(queue.indexOf(waiter), 1);
              reject(new DOMException('aborted', 'AbortError'));
            }
          });
          if (this.holders.has(name)) {
            this.queues.set(name, [...(this.queues.get(name) ?? []), waiter]);
          } else {
            queueMicrotask(grant);
            // Held from now on, as the real lock manager would say.
            this.holders.set(name, { tab, release: () => undefined });
          }
        }),
      query: async () => ({ held: [...this.holders.keys()].map((name) => ({ name })) }),
    };
  }

  private handOn(name: string): void {
    this.holders.delete(name);
    const queue = (this.queues.get(name) ?? []).filter((waiter) => !this.crashed.has(waiter.tab));
    const next = queue.shift();
    this.queues.set(name, queue);
    if (next) {
      this.holders.set(name, { tab: next.tab, release: () => undefined });
      queueMicrotask(next.grant);
    }
  }
}

class FakePort implements TabPort {
  onmessage: ((event: MessageEvent<StreamMessage>) => void) | null = null;
  closed = false;

  constructor(
    private readonly browser: FakeBrowser,
    readonly tab: string,
    readonly name: string,
  ) {}

  postMessage(message: StreamMessage): void {
    if (this.closed) {
      throw new DOMException('closed', 'InvalidStateError');
    }
    this.browser.deliver(this, message);
  }

  close(): void {
    this.closed = true;
    this.browser.forget(this);
  }
}
