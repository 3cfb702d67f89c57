export interface Throttled<A extends unknown[]> {
  /** Runs now if the last run was at least `intervalMs` ago, otherwise once the interval is over, with the latest arguments. */
  call(...args: A): void;
  /** Runs the waiting call now, if there is one. */
  flush(): void;
  cancel(): void;
}

/** Leading and trailing throttle: at most one run per interval, and the last arguments always run. */
export function throttle<A extends unknown[]>(run: (...args: A) => void, intervalMs: number, now: () => number = Date.now): Throttled<A> {
  let lastRun = Number.NEGATIVE_INFINITY;
  let waiting: A | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fire = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (waiting) {
      const args = waiting;
      waiting = undefined;
      lastRun = now();
      run(...args);
    }
  };

  return {
    call(...args: A): void {
      waiting = args;
      const wait = lastRun + intervalMs - now();
      if (wait <= 0) {
        fire();
      } else {
        timer ??= setTimeout(fire, wait);
      }
    },
    flush: fire,
    cancel(): void {
      clearTimeout(timer);
      timer = undefined;
      waiting = undefined;
    },
  };
}
