import { isTaskEvent } from "@/lib/celery/events";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  addRollups,
  findWorkerRecords,
  insertDeadLetters,
  insertTaskEvents,
  upsertWorkerRecords,
  type DeadLetterRecord,
} from "@/lib/repositories/ingest-batch-writes";
import { publishChange } from "@/lib/repositories/change-log";
import { addEventTotals } from "@/lib/repositories/event-totals";
import { findTaskRecords, upsertTaskRecords } from "@/lib/repositories/task-records";
import { withTransaction } from "@/lib/repositories/transaction";
import { eventKey, insertedEventKey, planBatch, rollupsFor, type IngestedEvent } from "./batch-plan";
import { changeNotification, CHANGES_CHANNEL } from "./change-notification";
import { eventTotalsFor } from "./event-totals";

export type BatchResult = { tasks: number; workers: number; newEvents: number; deadLetters: number };

/**
 * Writes one batch in a single transaction: task rows, worker rows, the event timeline, the
 * rollups and the dead letters agree with each other, and listeners hear about it (the
 * change is logged for replay and NOTIFY is delivered on commit) — or nothing is written
 * at all and the batch is retried.
 */
export async function writeBatch(prisma: PrismaClient, events: readonly IngestedEvent[], deadLetters: DeadLetterRecord[], localUtcOffset: number): Promise<BatchResult> {
  const taskIds = new Set<string>();
  const hostnames = new Set<string>();
  for (const { event } of events) {
    if (isTaskEvent(event)) taskIds.add(event.uuid);
    else hostnames.add(event.hostname);
  }
  return withTransaction(prisma, async (tx) => {
    const storedTasks = await findTaskRecords(tx, [...taskIds]);
    const storedWorkers = await findWorkerRecords(tx, [...hostnames]);
    const plan = planBatch(events, storedTasks, storedWorkers, localUtcOffset);
    await upsertTaskRecords(tx, plan.tasks);
    await upsertWorkerRecords(tx, plan.workers);
    const inserted = new Set((await insertTaskEvents(tx, plan.events)).map(insertedEventKey));
    const newEvents = plan.events.filter((event) => inserted.has(eventKey(event)));
    const tasksById = new Map(plan.tasks.map((task) => [task.uuid, task]));
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
