/**
 * Gives memory back after a burst. V8 collects its old generation (where the batches' large
 * JSON strings land) only when that generation reaches its next limit, and its own "memory
 * reducer" waits for a long idle spell; so after a backlog drained the ingest kept 30–40 MiB
 * of dead batches for a long time. When the pipeline runs dry after writing a good deal, one
 * full collection (≈ 10–20 ms, nothing waiting at that moment) returns it at once.
 *
 * Needs `--expose-gc` (the ingest bundle's flags set it); without it this does nothing.
 */
export class IdleCollector {
  private writtenSinceCollect = 0;
  private lastCollectAt = 0;

  constructor(
    private readonly collect: (() => void) | undefined,
    private readonly options: { minEvents: number; minIntervalMs: number } = { minEvents: 20_000, minIntervalMs: 10_000 },
    private readonly now: () => number = Date.now,
  ) {}

  noteWritten(events: number): void {
    this.writtenSinceCollect += events;
  }

  /** The pipeline has nothing to write: collect if enough was written since the last time. */
  onIdle(): boolean {
    if (!this.collect || this.writtenSinceCollect < this.options.minEvents) return false;
    if (this.now() - this.lastCollectAt < this.options.minIntervalMs) return false;
    this.collect();
    this.writtenSinceCollect = 0;
    this.lastCollectAt = this.now();
    return true;
  }
}

/** V8's collector when the process runs with --expose-gc. */
export function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? () => void (gc as () => unknown)() : undefined;
}
