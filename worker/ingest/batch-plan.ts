import { eventTimestamp, isTaskEvent, type CeleryEvent, type CeleryTaskEvent, type CeleryWorkerEvent } from "@/lib/celery/events";
import { parsePythonLiteral } from "@/lib/celery/python-literal";
import { taskStateForEvent } from "@/lib/celery/states";
import { applyTaskEvents } from "@/lib/celery/task-state";
import { applyWorkerEvent, type WorkerState } from "@/lib/celery/worker-state";
import { toEpochMicros, type InsertedEventKey, type RollupIncrement, type TaskEventRecord, type WorkerRecord } from "@/lib/repositories/ingest-batch-writes";
import type { TaskRecord } from "@/lib/repositories/task-records";
import { bucketIndex, emptyHistogram } from "@/lib/rollups/runtime-histogram";
import { taskRecordToState, taskStateToRecord, workerRecordToState, workerStateToRecord } from "./record-mapping";

export type IngestedEvent = { event: CeleryEvent; /** ms since epoch, when Bloom received it */ receivedAt: number };

export type BatchPlan = {
  tasks: TaskRecord[];
  workers: WorkerRecord[];
  events: TaskEventRecord[];
};

/**
 * Folds a batch of events into the stored rows of the tasks and workers they touch, with the
 * protocol library's reducers (Celery's state machine). Pure: the writer loads `stored*`
 * and writes the plan inside one transaction.
 */
export function planBatch(
  batch: readonly IngestedEvent[],
  storedTasks: ReadonlyMap<string, TaskRecord>,
  storedWorkers: ReadonlyMap<string, WorkerRecord>,
  localUtcOffset: number,
): BatchPlan {
  const taskEvents = new Map<string, CeleryTaskEvent[]>();
  const workerStates = new Map<string, WorkerState>();
  const events: TaskEventRecord[] = [];

  for (const { event, receivedAt } of batch) {
    if (isTaskEvent(event)) {
      let list = taskEvents.get(event.uuid);
      if (!list) taskEvents.set(event.uuid, (list = []));
      list.push(event);
      events.push(toEventRecord(event, localUtcOffset));
    } else {
      const stored = storedWorkers.get(event.hostname);
      const prev = workerStates.get(event.hostname) ?? (stored ? workerRecordToState(stored) : undefined);
      workerStates.set(event.hostname, applyWorkerEvent(prev, event as CeleryWorkerEvent, { receivedAt: receivedAt / 1000, localUtcOffset }));
    }
  }

  const tasks: TaskRecord[] = [];
  for (const [uuid, list] of taskEvents) {
    const stored = storedTasks.get(uuid);
    const next = applyTaskEvents(stored ? taskRecordToState(stored) : undefined, list, { localUtcOffset });
    if (!next) continue;
    tasks.push(
      taskStateToRecord(next, {
        argsJson: next.args === (stored?.args ?? null) && stored ? stored.argsJson : literalAsJson(next.args),
        kwargsJson: next.kwargs === (stored?.kwargs ?? null) && stored ? stored.kwargsJson : literalAsJson(next.kwargs),
      }),
    );
  }
  return { tasks, workers: [...workerStates.values()].map(workerStateToRecord), events };
}

/** The identity of an event in the timeline (the dedupe key of task_events). */
export function eventKey(event: Pick<TaskEventRecord, "taskId" | "timestamp" | "type" | "clock">): string {
  return `${event.taskId}|${toEpochMicros(event.timestamp)}|${event.type}|${Math.trunc(event.clock)}`;
}

export function insertedEventKey(row: InsertedEventKey): string {
  return `${row.taskId}|${row.timestampUs}|${row.type}|${row.clock}`;
}

/**
 * Per-minute rollups from the events that were new to the timeline (a redelivered event
 * counts once): one count per task name and resulting state; runtimes from task-succeeded.
 */
export function rollupsFor(newEvents: readonly TaskEventRecord[], tasks: ReadonlyMap<string, Pick<TaskRecord, "name">>): RollupIncrement[] {
  const byKey = new Map<string, RollupIncrement>();
  for (const event of newEvents) {
    const name = tasks.get(event.taskId)?.name ?? "unknown";
    const state = taskStateForEvent(event.type);
    const minute = Math.floor(event.timestamp / 60) * 60;
    const key = `${minute}|${name}|${state}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { minute, name, state, count: 0, runtimeSum: 0, runtimeMin: null, runtimeMax: null, histogram: emptyHistogram() }));
    row.count += 1;
    const runtime = event.runtime;
    if (runtime !== null) {
      row.runtimeSum += runtime;
      row.runtimeMin = row.runtimeMin === null ? runtime : Math.min(row.runtimeMin, runtime);
      row.runtimeMax = row.runtimeMax === null ? runtime : Math.max(row.runtimeMax, runtime);
      row.histogram[bucketIndex(runtime)]! += 1;
    }
  }
  return [...byKey.values()];
}

function toEventRecord(event: CeleryTaskEvent, localUtcOffset: number): TaskEventRecord {
  const runtime = event.type === "task-succeeded" && typeof event.runtime === "number" && Number.isFinite(event.runtime) && event.runtime >= 0 ? event.runtime : null;
  return {
    taskId: event.uuid,
    type: event.type,
    hostname: event.hostname,
    timestamp: eventTimestamp(event, localUtcOffset),
    clock: event.clock,
    fields: event,
    runtime,
  };
}

function literalAsJson(repr: string | null): string | null {
  if (repr === null) return null;
  const parsed = parsePythonLiteral(repr);
  return parsed.ok ? JSON.stringify(parsed.value) : null;
}
