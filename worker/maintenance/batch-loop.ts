import { pause } from "./periodic-task";

export type BatchLoopOptions = {
  batchSize: number;
  /** pause between batches, so ingest transactions get the database in between */
  pauseMs: number;
  signal: AbortSignal;
  /** delete at most this many in total (the maxTasks cap); default: until none are left */
  limit?: number;
};

/**
 * Calls `step(n)` (delete up to n rows, return how many went) until a batch comes back
 * short, `limit` is reached or the signal aborts. A short batch means nothing more matches
 * now; rows skipped because they were locked are picked up by the next run.
 * Returns the total deleted and the number of statements issued.
 */
export async function runInBatches(step: (size: number) => Promise<number>, options: BatchLoopOptions): Promise<{ deleted: number; batches: number }> {
  const batchSize = Math.max(1, Math.trunc(options.batchSize));
  let remaining = options.limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.trunc(options.limit));
  let deleted = 0;
  let batches = 0;
  while (remaining > 0 && !options.signal.aborted) {
    if (batches > 0) await pause(options.pauseMs, options.signal);
    if (options.signal.aborted) break;
    const size = Math.min(batchSize, remaining);
    const count = await step(size);
    batches += 1;
    deleted += count;
    remaining -= count;
    if (count < size) break;
  }
  return { deleted, batches };
}
