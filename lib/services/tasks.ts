import { z } from "zod";
import { countTasksWithRoot, findTask, listTaskEvents, listTaskFamily, type TaskRow } from "@/lib/repositories/task-detail";
import { listDistinctTaskValues } from "@/lib/repositories/task-filter-values";
import type { KeysetPosition } from "@/lib/repositories/task-list-sql";
import { listTaskRows, type TaskCoreFields, type TaskListRow } from "@/lib/repositories/task-queries";
import { countTasksByState as countStates, STATE_COUNT_CAP, type StateCount } from "@/lib/repositories/task-state-counts";
import { decodeCursor, encodeCursor, PAGE_SIZE } from "@/lib/schemas/paging";
import type { SortDirection, TaskFilterParams, TaskListParams, TaskSort } from "@/lib/schemas/task-list";
import { buildFamilyTree, type FamilyNode } from "@/lib/tasks/family-tree";
import { InvalidParameterError } from "./service-errors";
import { toTaskFilter } from "./task-filter";

/** A row of the tasks table, ready for a client component (times in epoch ms). */
export type TaskListItem = TaskCoreFields & {
  retries: number;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  runtime: number | null;
  revoked: number | null;
  expires: number | null;
  eta: number | null;
};

export type TaskPage = {
  rows: TaskListItem[];
  /** cursors for the neighbouring pages; null where there is none */
  next: string | null;
  previous: string | null;
};

const cursorPayload = z.object({ s: z.string(), d: z.string(), v: z.string().nullable(), id: z.string() });

function cursorFor(row: TaskListRow, sort: TaskSort, dir: SortDirection): string {
  return encodeCursor({ s: sort, d: dir, v: row.sortValue, id: row.uuid });
}

function positionFrom(param: "after" | "before", token: string, sort: TaskSort, dir: SortDirection): KeysetPosition {
  const payload = decodeCursor(token, cursorPayload);
  if (!payload) throw new InvalidParameterError(param, "not a cursor from a page link");
  // A position in one order means nothing in another.
  if (payload.s !== sort || payload.d !== dir) throw new InvalidParameterError(param, "the cursor belongs to another sort order");
  return { value: payload.v, uuid: payload.id };
}

const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());

function toItem(row: TaskListRow): TaskListItem {
  return {
    uuid: row.uuid,
    name: row.name,
    state: row.state,
    worker: row.worker,
    queue: row.queue,
    args: row.args,
    kwargs: row.kwargs,
    result: row.result,
    exception: row.exception,
    retries: row.retries,
    received: ms(row.receivedAt),
    started: ms(row.startedAt),
    succeeded: ms(row.succeededAt),
    runtime: row.runtime,
    revoked: ms(row.revokedAt),
    expires: ms(row.expires),
    eta: ms(row.eta),
  };
}

/**
 * One page of the tasks table. One row more than the page is read to know whether another
 * page follows; a `before` page that comes back short has reached the top, and the first
 * page is shown instead (whole, not a stub of a few rows).
 */
export async function listTasks(params: TaskListParams, now: Date = new Date(), pageSize: number = PAGE_SIZE): Promise<TaskPage> {
  const { sort, dir } = params;
  const filter = await toTaskFilter(params, now);
  const cursor = params.after ?? params.before;
  const direction: "after" | "before" = params.after ? "after" : "before";
  const from = cursor === undefined ? undefined : { position: positionFrom(direction, cursor, sort, dir), direction };

  const rows = await listTaskRows({ filter, sort, dir, ...(from ? { from } : {}), limit: pageSize + 1 });
  if (from?.direction === "before") {
    if (rows.length <= pageSize) return listTasks({ ...params, after: undefined, before: undefined }, now, pageSize);
    return pageOf(rows.slice(0, pageSize).reverse(), sort, dir, true, true);
  }
  const page = rows.slice(0, pageSize);
  return pageOf(page, sort, dir, rows.length > pageSize, from !== undefined);
}

function pageOf(page: TaskListRow[], sort: TaskSort, dir: SortDirection, hasNext: boolean, hasPrevious: boolean): TaskPage {
  const first = page[0];
  const last = page.at(-1);
  return {
    rows: page.map(toItem),
    next: hasNext && last ? cursorFor(last, sort, dir) : null,
    previous: hasPrevious && first ? cursorFor(first, sort, dir) : null,
  };
}

export type TaskStateCounts = { counts: StateCount[]; totalCapped: boolean; cap: number };

/** Tasks per state under the filter (its own state choice aside), each count capped. */
export async function countTasksByState(params: TaskFilterParams, now: Date = new Date()): Promise<TaskStateCounts> {
  const filter = await toTaskFilter(params, now);
  return { ...(await countStates(filter)), cap: STATE_COUNT_CAP };
}

export type TaskFilterOptions = { states: string[]; names: string[]; workers: string[]; queues: string[] };

/** Celery's states in the order an admin looks for them; states seen in tasks (custom ones) follow. */
const STATE_ORDER = ["FAILURE", "RETRY", "STARTED", "RECEIVED", "PENDING", "SUCCESS", "REVOKED", "REJECTED", "IGNORED"];

/** Values the filter form offers (distinct states, names, workers and queues seen in tasks). */
export async function getTaskFilterOptions(): Promise<TaskFilterOptions> {
  const [seenStates, names, workers, queues] = await Promise.all([
    listDistinctTaskValues("state", 100),
    listDistinctTaskValues("name", 1_000),
    listDistinctTaskValues("worker", 500),
    listDistinctTaskValues("queue", 200),
  ]);
  const states = [...STATE_ORDER, ...seenStates.filter((state) => !STATE_ORDER.includes(state))];
  return { states, names, workers, queues };
}

export type TaskTimes = Record<"sent" | "received" | "started" | "succeeded" | "failed" | "retried" | "revoked" | "rejected" | "eta" | "expires" | "firstSeen" | "updated", number | null>;

export type TaskDetail = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string | null;
  client: string | null;
  queue: string | null;
  exchange: string | null;
  routingKey: string | null;
  retries: number;
  parentId: string | null;
  rootId: string | null;
  retriedFrom: string | null;
  args: string | null;
  kwargs: string | null;
  argsJson: unknown;
  kwargsJson: unknown;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  runtime: number | null;
  times: TaskTimes;
  details: unknown;
};

export type TaskTimelineEvent = { id: string; type: string; hostname: string; at: number; clock: number; fields: unknown };

export type TaskFamily = {
  /** the root of the family (the task itself when it has none) */
  rootId: string;
  tree: FamilyNode[];
  /** members shown, and all members when more exist than are shown */
  shown: number;
  total: number | null;
};

/** `readAt`: when the data was read (epoch ms), the "now" relative times are first rendered against. */
export type TaskView = { task: TaskDetail; events: TaskTimelineEvent[]; eventsTruncated: boolean; family: TaskFamily; readAt: number };

export const MAX_TIMELINE_EVENTS = 1_000;
export const MAX_FAMILY_MEMBERS = 500;

/** Everything the task page shows, or null for an id Bloom has no record of. */
export async function getTask(uuid: string, now: Date = new Date()): Promise<TaskView | null> {
  const row = await findTask(uuid);
  if (!row) return null;
  const [timeline, family] = await Promise.all([timelineOf(uuid), familyOf(row)]);
  return { task: toTaskDetail(row), events: timeline.events, eventsTruncated: timeline.truncated, readAt: now.getTime(), family };
}

/** The API's task: every field and its family, without the timeline (GET /api/v1/tasks/{id}/events). */
export async function getTaskWithFamily(uuid: string): Promise<{ task: TaskDetail; family: TaskFamily } | null> {
  const row = await findTask(uuid);
  if (!row) return null;
  return { task: toTaskDetail(row), family: await familyOf(row) };
}

export type TaskTimeline = { taskId: string; events: TaskTimelineEvent[]; truncated: boolean };

/** A task's events, oldest first (at most MAX_TIMELINE_EVENTS), or null for an unknown id. */
export async function getTaskTimeline(uuid: string): Promise<TaskTimeline | null> {
  const [row, timeline] = await Promise.all([findTask(uuid), timelineOf(uuid)]);
  if (!row) return null;
  return { taskId: uuid, ...timeline };
}

async function timelineOf(uuid: string): Promise<{ events: TaskTimelineEvent[]; truncated: boolean }> {
  const events = await listTaskEvents(uuid, MAX_TIMELINE_EVENTS + 1);
  return {
    events: events.slice(0, MAX_TIMELINE_EVENTS).map((event) => ({
      id: event.id.toString(),
      type: event.type,
      hostname: event.hostname,
      at: event.timestamp.getTime(),
      clock: Number(event.clock),
      fields: event.fields,
    })),
    truncated: events.length > MAX_TIMELINE_EVENTS,
  };
}

async function familyOf(row: TaskRow): Promise<TaskFamily> {
  const members = await listTaskFamily(row, MAX_FAMILY_MEMBERS + 1);
  const rootId = row.rootId ?? row.uuid;
  const shownMembers = members.slice(0, MAX_FAMILY_MEMBERS);
  // The task itself is always in its family, even when a huge family pushes it past the cut.
  if (!shownMembers.some((member) => member.uuid === row.uuid)) shownMembers.push(row);
  const total = members.length > MAX_FAMILY_MEMBERS ? await countTasksWithRoot(rootId) : null;
  return {
    rootId,
    tree: buildFamilyTree(shownMembers.map((member) => ({ uuid: member.uuid, name: member.name, state: member.state, parentId: member.parentId }))),
    shown: shownMembers.length,
    total,
  };
}

function toTaskDetail(row: TaskRow): TaskDetail {
  return {
    uuid: row.uuid,
    name: row.name,
    state: row.state,
    worker: row.worker,
    client: row.client,
    queue: row.queue,
    exchange: row.exchange,
    routingKey: row.routingKey,
    retries: row.retries,
    parentId: row.parentId,
    rootId: row.rootId,
    retriedFrom: row.retriedFrom,
    args: row.args,
    kwargs: row.kwargs,
    argsJson: row.argsJson,
    kwargsJson: row.kwargsJson,
    result: row.result,
    exception: row.exception,
    traceback: row.traceback,
    runtime: row.runtime,
    times: {
      sent: ms(row.sentAt),
      received: ms(row.receivedAt),
      started: ms(row.startedAt),
      succeeded: ms(row.succeededAt),
      failed: ms(row.failedAt),
      retried: ms(row.retriedAt),
      revoked: ms(row.revokedAt),
      rejected: ms(row.rejectedAt),
      eta: ms(row.eta),
      expires: ms(row.expires),
      firstSeen: ms(row.firstSeenAt),
      updated: ms(row.updatedAt),
    },
    details: row.details,
  };
}
