import { z } from "zod";

/**
 * The Postgres channel and payload the ingest worker NOTIFYs after each committed batch
 * (worker/ingest/change-notification.ts, which the web app does not import: lib/ must not
 * depend on worker/). The unit test keeps the two in step.
 */
export const CHANGES_CHANNEL = "bloom_changes";

const ids = z.union([z.array(z.string()), z.literal("many")]);

export const changePayload = z.object({ tasks: ids, workers: ids, at: z.number() });

export type ChangePayload = z.infer<typeof changePayload>;

/**
 * A NOTIFY as bloom_publish_change sends it: the change plus its number in change_log
 * (lib/repositories/change-log.ts). `seq` is null for a notification from an ingest that
 * predates the log (a rolling upgrade): delivered live, but not replayable.
 */
export type ChangeNotice = { seq: number | null; change: ChangePayload };

const changeNotice = changePayload.extend({ seq: z.number().int().positive().optional() });

/** null for a payload that is not ours (NOTIFY is open to any client of the database). */
export function parseChangePayload(text: string | undefined): ChangePayload | null {
  const parsed = parseJson(text, changePayload);
  return parsed ? { tasks: parsed.tasks, workers: parsed.workers, at: parsed.at } : null;
}

export function parseChangeNotice(text: string | undefined): ChangeNotice | null {
  const parsed = parseJson(text, changeNotice);
  return parsed ? { seq: parsed.seq ?? null, change: { tasks: parsed.tasks, workers: parsed.workers, at: parsed.at } } : null;
}

function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): T | null {
  if (text === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function touchesTasks(change: ChangePayload): boolean {
  return change.tasks === "many" || change.tasks.length > 0;
}

export function touchesWorkers(change: ChangePayload): boolean {
  return change.workers === "many" || change.workers.length > 0;
}
