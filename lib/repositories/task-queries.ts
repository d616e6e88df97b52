import { getPrisma } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { SortDirection, TaskSort } from "@/lib/schemas/task-list";
import { boundedRead } from "./bounded-read";
import {
  exportProjection,
  filterConditions,
  keysetSegments,
  listProjection,
  rowsByIdQuery,
  searchPlan,
  searchIndexQuery,
  searchWindowQuery,
  segmentQuery,
  type KeysetPosition,
  type KeysetSegment,
  type SearchPlan,
  type TaskFilter,
  type TextMatch,
} from "./task-list-sql";

/** The identity and text columns every task listing shows (list rows, exports, API items). */
export type TaskCoreFields = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string | null;
  queue: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
};

/** A row of the tasks table (long text cut to LIST_TEXT_LIMIT + 1 characters). */
export type TaskListRow = TaskCoreFields & {
  retries: number;
  receivedAt: Date | null;
  startedAt: Date | null;
  succeededAt: Date | null;
  runtime: number | null;
  revokedAt: Date | null;
  expires: Date | null;
  eta: Date | null;
  /** the sort column as PostgreSQL text: the row's keyset position with its uuid */
  sortValue: string | null;
};

/** A row of an export: every field, times as ISO 8601 text. */
export type TaskExportRow = TaskCoreFields & {
  traceback: string | null;
  retries: number;
  sent: string | null;
  received: string | null;
  started: string | null;
  succeeded: string | null;
  failed: string | null;
  retried: string | null;
  revoked: string | null;
  runtime: number | null;
  eta: string | null;
  expires: string | null;
  parent_id: string | null;
  root_id: string | null;
  client: string | null;
  routing_key: string | null;
  sortValue: string | null;
};

export type TaskRowsRequest = {
  filter: TaskFilter;
  sort: TaskSort;
  dir: SortDirection;
  /** start after / before this row; none: from the top */
  from?: { position: KeysetPosition; direction: "after" | "before" };
  limit: number;
};

/** Step 1 of a search looks at this many rows in order before falling back to the trigram index. */
export const SEARCH_WINDOW = 1_000;
/** A search the index cannot answer quickly is cut off instead of holding a connection. */
export const SEARCH_TIMEOUT_MS = 10_000;

/**
 * Up to `limit` rows in walk order: display order, or reverse display order for `before`
 * (the service turns that into a page). Never OFFSET: every statement starts at a keyset
 * position, so a deep page costs what the first one does.
 */
export async function listTaskRows(request: TaskRowsRequest, db: PrismaClient = getPrisma()): Promise<TaskListRow[]> {
  return walkSegments<TaskListRow>(db, listProjection(request.sort), request);
}

export async function listTaskExportRows(request: TaskRowsRequest, db: PrismaClient = getPrisma()): Promise<TaskExportRow[]> {
  return walkSegments<TaskExportRow>(db, exportProjection(request.sort), request);
}

async function walkSegments<Row extends { uuid: string }>(db: PrismaClient, projection: Prisma.Sql, request: TaskRowsRequest): Promise<Row[]> {
  const conditions = filterConditions(request.filter);
  const segments = keysetSegments(request.sort, request.dir, request.from);
  const text = request.filter.text;
  const rows: Row[] = [];
  for (const [index, segment] of segments.entries()) {
    const need = request.limit - rows.length;
    if (need <= 0) break;
    if (!text) {
      rows.push(...(await db.$queryRaw<Row[]>(segmentQuery(projection, conditions, segment, need))));
      continue;
    }
    const window = await searchWindow<Row>(db, projection, conditions, text, segment, need);
    if (window) {
      rows.push(...window);
      continue;
    }
    // Rare text: one trigram lookup for this segment and every one after it (searchIndexQuery).
    rows.push(...(await searchIndex<Row>(db, projection, conditions, text, segments.slice(index), need, searchPlan(request.filter))));
    break;
  }
  return rows;
}

/**
 * Step 1 of a search in one segment: the segment's matches when the window settled it (the
 * page filled, or the window saw every candidate), else null: the text is rare here.
 */
async function searchWindow<Row extends { uuid: string }>(
  db: PrismaClient,
  projection: Prisma.Sql,
  conditions: Prisma.Sql[],
  text: TextMatch,
  segment: KeysetSegment,
  need: number,
): Promise<Row[] | null> {
  const [probe] = await db.$queryRaw<{ scanned: number; hits: string[] }[]>(searchWindowQuery(conditions, text, segment, SEARCH_WINDOW, need));
  if (!probe || (probe.hits.length < need && probe.scanned >= SEARCH_WINDOW)) return null;
  if (probe.hits.length === 0) return [];
  const byId = new Map((await db.$queryRaw<Row[]>(rowsByIdQuery(projection, probe.hits))).map((row) => [row.uuid, row]));
  return probe.hits.flatMap((uuid) => byId.get(uuid) ?? []);
}

async function searchIndex<Row extends { uuid: string }>(
  db: PrismaClient,
  projection: Prisma.Sql,
  conditions: Prisma.Sql[],
  text: TextMatch,
  segments: readonly KeysetSegment[],
  need: number,
  plan: SearchPlan,
): Promise<Row[]> {
  // Only bitmap scans: through the trigram and state indexes, never an ordered walk of
  // everything (the planner would pick one whenever it underestimates the matches).
  return boundedRead<Row>(db, searchIndexQuery(projection, conditions, text, segments, need, plan), {
    what: "the search",
    timeoutMs: SEARCH_TIMEOUT_MS,
    off: ["enable_indexscan", "enable_seqscan"],
  });
}
