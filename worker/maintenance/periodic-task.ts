import type { Logger } from "pino";

export type PeriodicTaskOptions = {
  name: string;
  intervalMs: number;
  /** delay before the first run; default: one interval */
  firstRunMs?: number;
  log: Logger;
};

/**
 * Runs `work` every `intervalMs`, measured from the end of one run to the start of the next,
 * so a slow run (a long purge, a broker timeout) never overlaps the next one. A failing run
 * is logged and the schedule goes on: maintenance must not take the ingest process down.
 * `work` receives a signal that aborts on stop(), so long runs can end between batches.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private stopped = false;
  /** the last failure message, so a broker that stays down logs once, not every interval */
  private lastError: string | undefined;

  constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly work: (signal: AbortSignal) => Promise<void>,
  ) {}

  start(): void {
    if (this.stopped || this.timer || this.running) return;
    this.schedule(this.options.firstRunMs ?? this.options.intervalMs);
  }

  /** Runs now unless a run is in flight; resolves when that run ends. For tests and start-up. */
  runNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.schedule(this.options.intervalMs);
    });
    return this.running;
  }

  /** Idempotent; resolves once the run in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, delayMs);
    // Maintenance alone must not keep the process alive after everything else closed.
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    const { log, name } = this.options;
    try {
      await this.work(this.abort.signal);
      if (this.lastError !== undefined) log.info({ task: name }, "maintenance task recovered");
      this.lastError = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) log.warn({ task: name, err: message }, "maintenance task failed; retrying next interval");
      else log.debug({ task: name, err: message }, "maintenance task failed again");
      this.lastError = message;
    }
  }
}

/** setTimeout as a promise that ends early (without throwing) when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
