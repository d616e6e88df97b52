import { isTaskEvent } from "@/lib/celery/events";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  addRollups,
  findEventsInsertedHere,
  findWorkerRecords,
  insertDeadLetters,
  insertTaskEvents,
  upsertWorkerRecords,
  type DeadLetterRecord,
  type TaskEventRecord,
  type WorkerRecord,
} from "@/lib/repositories/ingest-batch-writes";
import { publishChange } from "@/lib/repositories/change-log";
import { addEventTotals } from "@/lib/repositories/event-totals";
import { findTaskRecords, upsertTaskRecords, type TaskRecord } from "@/lib/repositories/task-records";
import { withTransaction } from "@/lib/repositories/transaction";
import { eventKey, insertedEventKey, planBatch, rollupsFor, type BatchPlan, type IngestedEvent } from "./batch-plan";
import { changeNotification, CHANGES_CHANNEL } from "./change-notification";
import { eventTotalsFor } from "./event-totals";

export type BatchResult = { tasks: number; workers: number; newEvents: number; deadLetters: number };

/** A batch folded into rows, ready to be written; its rows are the newest state of what it touched. */
export type PreparedBatch = {
  plan: BatchPlan;
  deadLetters: DeadLetterRecord[];
  tasksById: ReadonlyMap<string, TaskRecord>;
  workersByHostname: ReadonlyMap<string, WorkerRecord>;
};

/**
 * Folds a batch into rows: the stored rows of the tasks and workers it touches are read
 * (outside any transaction), merged with its events by Celery's state machine.
 *
 * `newerThanStored` is the batch being written meanwhile (pipelining): its rows are what
 * the database will hold once it commits, so they are used instead of the stored ones. The
 * caller must drop this preparation if that batch fails.
 */
export async function prepareBatch(
  prisma: PrismaClient,
  events: readonly IngestedEvent[],
  deadLetters: DeadLetterRecord[],
  localUtcOffset: number,
  newerThanStored?: PreparedBatch,
): Promise<PreparedBatch> {
  const taskIds = new Set<string>();
  const hostnames = new Set<string>();
  for (const { event } of events) {
    if (isTaskEvent(event)) taskIds.add(event.uuid);
    else hostnames.add(event.hostname);
  }
  const known = {
    tasks: new Map<string, TaskRecord>(),
    workers: new Map<string, WorkerRecord>(),
  };
  for (const uuid of taskIds) {
    const task = newerThanStored?.tasksById.get(uuid);
    if (task) {
      known.tasks.set(uuid, task);
      taskIds.delete(uuid);
    }
  }
  for (const hostname of hostnames) {
    const worker = newerThanStored?.workersByHostname.get(hostname);
    if (worker) {
      known.workers.set(hostname, worker);
      hostnames.delete(hostname);
    }
  }
  const [storedTasks, storedWorkers] = await Promise.all([findTaskRecords(prisma, [...taskIds]), findWorkerRecords(prisma, [...hostnames])]);
  for (const [uuid, task] of storedTasks) known.tasks.set(uuid, task);
  for (const [hostname, worker] of storedWorkers) known.workers.set(hostname, worker);

  const plan = planBatch(events, known.tasks, known.workers, localUtcOffset);
  return {
    plan,
    deadLetters,
    tasksById: new Map(plan.tasks.map((task) => [task.uuid, task])),
    workersByHostname: new Map(plan.workers.map((worker) => [worker.hostname, worker])),
  };
}

/**
 * Writes one prepared batch in a single transaction: task rows, worker rows, the event
 * timeline, the rollups and the dead letters agree with each other, and listeners hear about
 * it (the change is logged for replay and NOTIFY is delivered on commit) — or nothing is written at all and the batch is retried.
 */
export async function commitBatch(prisma: PrismaClient, batch: PreparedBatch): Promise<BatchResult> {
  const { plan, deadLetters, tasksById } = batch;
  return withTransaction(prisma, async (tx) => {
    await upsertTaskRecords(tx, plan.tasks);
    await upsertWorkerRecords(tx, plan.workers);
    const insertedCount = await insertTaskEvents(tx, plan.events);
    const newEvents = insertedCount === plan.events.length ? plan.events : await onlyInsertedHere(tx, plan.events);
    await addRollups(tx, rollupsFor(newEvents, tasksById));
    await addEventTotals(tx, eventTotalsFor(newEvents, tasksById));
    await insertDeadLetters(tx, deadLetters);
    // Last, because it takes the publish lock until commit (lib/repositories/change-log.ts).
    if (plan.tasks.length + plan.workers.length > 0) {
      await publishChange(tx, CHANGES_CHANNEL, changeNotification(plan.tasks.map((task) => task.uuid), plan.workers.map((worker) => worker.hostname)));
    }
    return { tasks: plan.tasks.length, workers: plan.workers.length, newEvents: newEvents.length, deadLetters: deadLetters.length };
  });
}

/** Prepares and commits one batch on its own (no pipelining). */
export async function writeBatch(prisma: PrismaClient, events: readonly IngestedEvent[], deadLetters: DeadLetterRecord[], localUtcOffset: number): Promise<BatchResult> {
  return commitBatch(prisma, await prepareBatch(prisma, events, deadLetters, localUtcOffset));
}

/** Some events were stored before (a redelivery) or repeated in the batch: keep those inserted now. */
async function onlyInsertedHere(tx: Prisma.TransactionClient, events: readonly TaskEventRecord[]): Promise<TaskEventRecord[]> {
  const inserted = new Set((await findEventsInsertedHere(tx, events)).map(insertedEventKey));
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = eventKey(event);
    if (!inserted.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
