/**
 * When the background syncs: one sync at a time, whoever asks (the
 * `sync-now` buttons, the alarm, a change). A request while one runs is not
 * lost: one more sync follows it, since the change that asked may have come
 * after the running one read the library. `soon` debounces the syncs that
 * follow saves and edits, so a burst of changes costs one sync.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SyncScheduler<R> {
  private current: Promise<R> | undefined;
  private queued: Promise<R> | undefined;
  private timer: unknown;

  constructor(
    private readonly run: () => Promise<R>,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** A sync in `ms`; asking again before then moves it later (one sync for a burst of changes). */
  soon(ms: number): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.now().catch(() => undefined); // run() reports its own failures
    }, ms);
  }

  /** A sync now; while one runs, the one after it (at most one waits). Resolves with that sync's result. */
  now(): Promise<R> {
    if (this.queued) return this.queued;
    if (this.current) {
      const after = this.current.catch(() => undefined).then(() => {
        this.queued = undefined;
        return this.start();
      });
      this.queued = after;
      return after;
    }
    return this.start();
  }

  private start(): Promise<R> {
    const started = this.run().finally(() => {
      if (this.current === started) this.current = undefined;
    });
    this.current = started;
    return started;
  }
}
