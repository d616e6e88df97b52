/** Postgres NOTIFY channel on which the ingest worker announces what changed. */
export const CHANGES_CHANNEL = "bloom_changes";

/** NOTIFY payloads are limited to 8000 bytes; stay well below. */
const MAX_PAYLOAD_BYTES = 7_000;

export type ChangeNotification = { tasks: string[] | "many"; workers: string[] | "many"; at: number };

/**
 * A compact JSON payload naming the changed task ids and worker names; when a big batch
 * would not fit, listeners are told "many" and refresh what they show.
 */
export function changeNotification(taskIds: string[], workerNames: string[], at = Date.now()): string {
  const full = JSON.stringify({ tasks: taskIds, workers: workerNames, at } satisfies ChangeNotification);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  const workersOnly = JSON.stringify({ tasks: "many", workers: workerNames, at } satisfies ChangeNotification);
  if (Buffer.byteLength(workersOnly) <= MAX_PAYLOAD_BYTES) return workersOnly;
  return JSON.stringify({ tasks: "many", workers: "many", at } satisfies ChangeNotification);
}
