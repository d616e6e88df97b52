import { getPrisma } from "@/lib/db/client";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { boundedRead } from "./bounded-read";
import { filterConditions, SETTLED_CONDITION, textCondition, UNSETTLED_CONDITION, UNSETTLED_STATES, whereClause, type TaskFilter } from "./task-list-sql";

/**
 * Counting a million rows exactly takes half a second or more on a small machine, on every
 * page view. An on-call admin needs "4,213 failures" exactly and "10,000+ successes" is enough
 * for the rest, so counts stop at a cap: cost is bounded by the cap, not by the table.
 */
export const STATE_COUNT_CAP = 10_000;
/** A filter matching at most this many rows is counted in one pass, exactly. */
export const ONE_PASS_LIMIT = 50_000;
export const STATE_COUNT_TIMEOUT_MS = 3_000;

export type StateCount = { state: string; count: number; capped: boolean };
export type StateCounts = { counts: StateCount[]; totalCapped: boolean };
type Row = { state: string; count: number };

/**
 * Tasks per state under the filter, the filter's own states aside (the counts are what the
 * state filter chooses among):
 * - no filter: each state counted on its own up to the cap, walking tasks_state_received_idx
 *   (one index probe per state to find them, then at most cap+1 entries each);
 * - a filter: one pass over its rows when they are few (exact), else per state as above;
 * - a text search: matches come from the trigram index, not per state, so they are counted
 *   together and the cap applies to their total.
 */
export async function countTasksByState(filter: TaskFilter, db: PrismaClient = getPrisma()): Promise<StateCounts> {
  const conditions = filterConditions(filter, { states: false });
  const what = "counting tasks by state";
  if (filter.text) {
    // Bitmap scans only: the trigram index finds the matches and the heap scan stops at the
    // cap. An ordered or sequential walk would read the whole table for a rare text.
    const rows = await boundedRead<Row>(db, textMatchCountsQuery([...conditions, textCondition(filter.text)]), { what, timeoutMs: STATE_COUNT_TIMEOUT_MS, off: ["enable_seqscan", "enable_indexscan"] });
    const unsettled = new Set<string>(UNSETTLED_STATES);
    const sum = (settled: boolean) => rows.filter((row) => unsettled.has(row.state) !== settled).reduce((total, row) => total + row.count, 0);
    return { counts: rows.map((row) => ({ ...row, capped: false })), totalCapped: sum(true) > STATE_COUNT_CAP || sum(false) > STATE_COUNT_CAP };
  }
  if (conditions.length > 0) {
    const rows = await boundedRead<Row>(db, onePassCountsQuery(conditions), { what, timeoutMs: STATE_COUNT_TIMEOUT_MS });
    if (rows.reduce((total, row) => total + row.count, 0) <= ONE_PASS_LIMIT) return { counts: rows.map((row) => ({ ...row, capped: false })), totalCapped: false };
  }
  const rows = await boundedRead<Row>(db, perStateCappedCountsQuery(conditions), { what, timeoutMs: STATE_COUNT_TIMEOUT_MS });
  return {
    counts: rows.filter((row) => row.count > 0).map((row) => ({ state: row.state, count: Math.min(row.count, STATE_COUNT_CAP), capped: row.count > STATE_COUNT_CAP })),
    totalCapped: false,
  };
}

/** Every matching row's state, read once, stopping past ONE_PASS_LIMIT rows. */
export function onePassCountsQuery(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return Prisma.sql`
    SELECT state, count(*)::int AS count
    FROM (SELECT state FROM tasks ${whereClause(conditions)} LIMIT ${ONE_PASS_LIMIT + 1}::int) matched
    GROUP BY state ORDER BY state`;
}

/**
 * The states present (a loose index scan: one probe per distinct state, not a table scan),
 * then for each a count that stops at the cap.
 */
export function perStateCappedCountsQuery(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  const extra = conditions.length === 0 ? Prisma.empty : Prisma.sql` AND ${Prisma.join(conditions, " AND ")}`;
  return Prisma.sql`
    WITH RECURSIVE states AS (
      (SELECT state FROM tasks ORDER BY state LIMIT 1)
      UNION ALL
      SELECT (SELECT t.state FROM tasks t WHERE t.state > s.state ORDER BY t.state LIMIT 1) FROM states s WHERE s.state IS NOT NULL
    )
    SELECT s.state,
      (SELECT count(*) FROM (SELECT 1 FROM tasks WHERE tasks.state = s.state${extra} LIMIT ${STATE_COUNT_CAP + 1}::int) capped)::int AS count
    FROM states s WHERE s.state IS NOT NULL
    ORDER BY s.state`;
}

/** Matches of a search, settled and unsettled tasks apart (only settled ones are in tasks_search_idx), each capped. */
export function textMatchCountsQuery(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  const branch = (part: Prisma.Sql) => Prisma.sql`(SELECT state FROM tasks ${whereClause([part, ...conditions])} LIMIT ${STATE_COUNT_CAP + 1}::int)`;
  return Prisma.sql`
    SELECT state, count(*)::int AS count
    FROM (${branch(SETTLED_CONDITION)} UNION ALL ${branch(UNSETTLED_CONDITION)}) matched
    GROUP BY state ORDER BY state`;
}
