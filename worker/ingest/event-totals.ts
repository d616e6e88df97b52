import type { TaskEventRecord } from "@/lib/repositories/ingest-batch-writes";
import type { EventTotalIncrement } from "@/lib/repositories/event-totals";
import type { TaskRecord } from "@/lib/repositories/task-records";
import { bucketIndex, emptyHistogram } from "@/lib/rollups/runtime-histogram";

/**
 * What a batch adds to the /metrics counters (event_totals): one increment per worker, task
 * name and event type, from the events new to the timeline (a redelivered event counts once).
 * The worker is the event's hostname, as Flower labels it (the client's for task-sent); a task
 * whose name is not known yet counts under "", as in Flower.
 */
export function eventTotalsFor(newEvents: readonly TaskEventRecord[], tasks: ReadonlyMap<string, Pick<TaskRecord, "name">>): EventTotalIncrement[] {
  const byKey = new Map<string, EventTotalIncrement>();
  for (const event of newEvents) {
    const task = tasks.get(event.taskId)?.name ?? "";
    const key = `${event.hostname}\u0000${task}\u0000${event.type}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { worker: event.hostname, task, type: event.type, count: 0, runtimeCount: 0, runtimeSum: 0, histogram: emptyHistogram() }));
    row.count += 1;
    // celery: Flower observes `runtime` only when it is non-zero; task-succeeded carries it.
    if (event.runtime !== null && event.runtime > 0) {
      row.runtimeCount += 1;
      row.runtimeSum += event.runtime;
      row.histogram[bucketIndex(event.runtime)]! += 1;
    }
  }
  return [...byKey.values()];
}
