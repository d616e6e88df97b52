import type { Task, TaskEvent } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

export type TaskRow = Task;
export type TaskEventRow = TaskEvent;

export async function findTask(uuid: string, db: Db = defaultDb()): Promise<TaskRow | null> {
  return db.task.findUnique({ where: { uuid } });
}

/** The timeline, oldest first; task_events_dedupe_key (task_id, timestamp, …) returns it in order. */
export async function listTaskEvents(taskId: string, limit: number, db: Db = defaultDb()): Promise<TaskEventRow[]> {
  return db.taskEvent.findMany({ where: { taskId }, orderBy: [{ timestamp: "asc" }, { id: "asc" }], take: limit });
}

export type FamilyMemberRow = Pick<Task, "uuid" | "name" | "state" | "parentId" | "rootId" | "receivedAt" | "runtime">;

/**
 * A task's family: everything sharing its root (a chain's steps, a chord's header and body),
 * the root itself, its direct children (also when they carry no root id) and its parent.
 * Each condition has its own index (tasks_root_idx, the primary key, tasks_parent_idx).
 */
export async function listTaskFamily(task: { uuid: string; rootId: string | null; parentId: string | null }, limit: number, db: Db = defaultDb()): Promise<FamilyMemberRow[]> {
  const rootId = task.rootId ?? task.uuid;
  return db.task.findMany({
    where: {
      OR: [{ rootId }, { uuid: rootId }, { parentId: task.uuid }, ...(task.parentId ? [{ uuid: task.parentId }] : [])],
    },
    select: { uuid: true, name: true, state: true, parentId: true, rootId: true, receivedAt: true, runtime: true },
    orderBy: [{ firstSeenAt: "asc" }, { uuid: "asc" }],
    take: limit,
  });
}

export async function countTasksWithRoot(rootId: string, db: Db = defaultDb()): Promise<number> {
  return db.task.count({ where: { rootId } });
}
