import { Prisma } from "@/lib/generated/prisma/client";
import type { SortDirection, TaskSort } from "@/lib/schemas/task-list";

/**
 * SQL pieces of the tasks table: filters, search and keyset order. Pure (no database), so the
 * page, the export and the benchmark run exactly the same statements and tests can read them.
 * Identifiers only ever come from the constant maps below; every value is a bind parameter.
 */

/** What a text search matches, prepared by the service (patterns escaped, names resolved). */
export type TextMatch = {
  /** the text as typed: an exact task id hits the primary key */
  exact: string;
  /** the text as typed, matched as a task-id prefix (tasks_uuid_prefix_idx, SP-GiST) */
  prefix: string;
  /** `%text%` with LIKE wildcards escaped: substring of args/kwargs/result/exception */
  contains: string;
  /** known task names containing the text (case-insensitive) */
  names: readonly string[];
};

export type TaskFilter = {
  states?: readonly string[];
  name?: string;
  worker?: string;
  queue?: string;
  /** received_at >= from */
  receivedFrom?: Date;
  /** received_at < to */
  receivedTo?: Date;
  text?: TextMatch;
};

/**
 * States a task passes through before it settles. tasks_search_idx leaves them out (see
 * schema.prisma), so a search reads these rows through tasks_state_received_idx instead.
 * Spelled as constants in the SQL: PostgreSQL only uses a partial index when it can prove
 * the query implies its predicate, which it cannot do through a bind parameter.
 */
export const UNSETTLED_STATES = ["PENDING", "RECEIVED", "STARTED"] as const;
const UNSETTLED_ARRAY = Prisma.raw(`ARRAY[${UNSETTLED_STATES.map((state) => `'${state}'::text`).join(", ")}]`);
export const SETTLED_CONDITION = Prisma.sql`state <> ALL (${UNSETTLED_ARRAY})`;
export const UNSETTLED_CONDITION = Prisma.sql`state = ANY (${UNSETTLED_ARRAY})`;

/** Escapes LIKE's wildcards so a search for `50%_off` means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The filter's conditions except the text search (`states: false` leaves the state out, for counts). */
export function filterConditions(filter: TaskFilter, { states = true }: { states?: boolean } = {}): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (states && filter.states && filter.states.length > 0) {
    conditions.push(filter.states.length === 1 ? Prisma.sql`state = ${filter.states[0]}` : Prisma.sql`state = ANY (${[...filter.states]}::text[])`);
  }
  if (filter.name !== undefined) conditions.push(Prisma.sql`name = ${filter.name}`);
  if (filter.worker !== undefined) conditions.push(Prisma.sql`worker = ${filter.worker}`);
  if (filter.queue !== undefined) conditions.push(Prisma.sql`queue = ${filter.queue}`);
  conditions.push(...receivedRangeConditions(filter));
  return conditions;
}

/** The filter's received-time bounds alone: with a state, tasks_state_received_idx reads just that range. */
export function receivedRangeConditions(filter: TaskFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.receivedFrom !== undefined) conditions.push(Prisma.sql`received_at >= ${filter.receivedFrom}::timestamptz`);
  if (filter.receivedTo !== undefined) conditions.push(Prisma.sql`received_at < ${filter.receivedTo}::timestamptz`);
  return conditions;
}

/** id = text, id prefix, a matching name, or a substring of args/kwargs/result/exception. */
export function textCondition(text: TextMatch): Prisma.Sql {
  const alternatives = [
    Prisma.sql`uuid = ${text.exact}`,
    Prisma.sql`uuid ^@ ${text.prefix}`,
    ...(text.names.length > 0 ? [Prisma.sql`name = ANY (${[...text.names]}::text[])`] : []),
    Prisma.sql`args ILIKE ${text.contains}`,
    Prisma.sql`kwargs ILIKE ${text.contains}`,
    Prisma.sql`result ILIKE ${text.contains}`,
    Prisma.sql`exception ILIKE ${text.contains}`,
  ];
  return Prisma.sql`(${Prisma.join(alternatives, " OR ")})`;
}

export function whereClause(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

/**
 * Sort columns and the type their cursor value is cast back to. Cursor values travel as
 * PostgreSQL's own text form of the value: timestamps keep their microseconds (a JS Date
 * would round them to milliseconds and skip or repeat rows at a page boundary) and float8
 * text round-trips exactly.
 */
export const SORT_COLUMNS = {
  received: { column: "received_at", type: "timestamptz" },
  started: { column: "started_at", type: "timestamptz" },
  succeeded: { column: "succeeded_at", type: "timestamptz" },
  runtime: { column: "runtime", type: "float8" },
} as const satisfies Record<TaskSort, { column: string; type: string }>;

/** A row's place in the order: its sort value (text; null when the row has none) and its id. */
export type KeysetPosition = { value: string | null; uuid: string };

/**
 * One index-ordered run of rows: the rows having a sort value (`column` set, ordered by it
 * then uuid) or the rows without one (`column` null, ordered by uuid).
 */
export type KeysetSegment = {
  where: Prisma.Sql;
  column: string | null;
  type: string;
  descending: boolean;
  /** every row of its kind (valued or null): no cursor bounds it */
  whole: boolean;
};

export function segmentOrderBy(segment: KeysetSegment, sortColumn?: string): Prisma.Sql {
  const order = segment.descending ? "DESC" : "ASC";
  return Prisma.raw(segment.column === null ? `uuid ${order}` : `${sortColumn ?? segment.column} ${order}, uuid ${order}`);
}

/**
 * The order of the table: rows with a value by (value, uuid) in the chosen direction, then the
 * rows without one (a task not yet started has no `started`) by uuid — last in both
 * directions, as a spreadsheet does. That order is read as (at most) two segments, each of
 * which an index scan can walk and stop early; a single `ORDER BY col NULLS LAST` would need
 * a different index per direction.
 *
 * `after` returns the segments following a position in display order; `before` returns those
 * preceding it in *reverse* display order (the caller reverses the rows it gets).
 */
export function keysetSegments(sort: TaskSort, dir: SortDirection, from?: { position: KeysetPosition; direction: "after" | "before" }): KeysetSegment[] {
  const { column: name, type } = SORT_COLUMNS[sort];
  const col = Prisma.raw(name);
  const backwards = from?.direction === "before";
  // Walking backwards flips every comparison and ordering.
  const descending = (dir === "desc") !== backwards;
  const lt = Prisma.raw(descending ? "<" : ">");
  const le = Prisma.raw(descending ? "<=" : ">=");

  const values = (extra: Prisma.Sql | null): KeysetSegment => ({
    where: extra ? Prisma.sql`${col} IS NOT NULL AND ${extra}` : Prisma.sql`${col} IS NOT NULL`,
    column: name,
    type,
    descending,
    whole: extra === null,
  });
  const nulls = (pastUuid: string | null): KeysetSegment => ({
    where: pastUuid === null ? Prisma.sql`${col} IS NULL` : Prisma.sql`${col} IS NULL AND uuid ${lt} ${pastUuid}`,
    column: null,
    type,
    descending,
    whole: pastUuid === null,
  });

  if (!from) return backwards ? [] : [values(null), nulls(null)];
  const { value, uuid } = from.position;
  if (value === null) {
    // Inside the null run: forwards only more nulls follow; backwards, the nulls before it and then every valued row.
    return backwards ? [nulls(uuid), values(null)] : [nulls(uuid)];
  }
  // `col <= v` is the index range; the OR settles ties on v by uuid.
  const v = Prisma.sql`${value}::${Prisma.raw(type)}`;
  const past = values(Prisma.sql`${col} ${le} ${v} AND (${col} ${lt} ${v} OR uuid ${lt} ${uuid})`);
  return backwards ? [past] : [past, nulls(null)];
}

/** The columns a page of the table shows; long text is cut (the detail page has all of it). */
export const LIST_TEXT_LIMIT = 300;

export function listProjection(sort: TaskSort): Prisma.Sql {
  const sortColumn = Prisma.raw(SORT_COLUMNS[sort].column);
  // One character more than shown tells the table the value was cut.
  const cut = LIST_TEXT_LIMIT + 1;
  return Prisma.sql`uuid, name, state, worker, queue,
    left(args, ${cut}::int) AS args, left(kwargs, ${cut}::int) AS kwargs, left(result, ${cut}::int) AS result,
    left(exception, ${cut}::int) AS exception, retries,
    received_at AS "receivedAt", started_at AS "startedAt", succeeded_at AS "succeededAt", runtime,
    revoked_at AS "revokedAt", expires, eta,
    ${sortColumn}::text AS "sortValue"`;
}

/** Every column an export can hold, times as ISO 8601 UTC text with microseconds. */
export function exportProjection(sort: TaskSort): Prisma.Sql {
  const sortColumn = Prisma.raw(SORT_COLUMNS[sort].column);
  const iso = (column: string, alias: string) =>
    Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "${alias}"`);
  return Prisma.sql`uuid, name, state, worker, queue, args, kwargs, result, exception, traceback, retries,
    ${iso("sent_at", "sent")}, ${iso("received_at", "received")}, ${iso("started_at", "started")},
    ${iso("succeeded_at", "succeeded")}, ${iso("failed_at", "failed")}, ${iso("retried_at", "retried")},
    ${iso("revoked_at", "revoked")}, runtime, ${iso("eta", "eta")}, ${iso("expires", "expires")},
    parent_id, root_id, client, routing_key,
    ${sortColumn}::text AS "sortValue"`;
}

/** One segment, filtered, in index order: the whole query when there is no text search. */
export function segmentQuery(projection: Prisma.Sql, conditions: readonly Prisma.Sql[], segment: KeysetSegment, limit: number): Prisma.Sql {
  return Prisma.sql`SELECT ${projection} FROM tasks ${whereClause([...conditions, segment.where])} ORDER BY ${segmentOrderBy(segment)} LIMIT ${limit}::int`;
}

/**
 * Search, step 1: walk the filtered rows in display order, but at most `window` of them, and
 * note which match the text. A common text (or one common among the filtered rows) fills the
 * page within the window, at the cost of a plain index scan. Returns how many rows were
 * looked at (fewer than `window`: every candidate was seen) and the matching ids in order.
 *
 * Trigram row estimates are poor, so the planner alone cannot tell "common" from "rare";
 * bounding this step is what keeps a search fast whichever it is.
 */
export function searchWindowQuery(conditions: readonly Prisma.Sql[], text: TextMatch, segment: KeysetSegment, window: number, limit: number): Prisma.Sql {
  const orderValue = Prisma.raw(segment.column === null ? "NULL::text" : segment.column);
  return Prisma.sql`
    WITH candidates AS MATERIALIZED (
      SELECT uuid, ${textCondition(text)} AS hit, row_number() OVER (ORDER BY ${segmentOrderBy(segment, "_order_value")}) AS position
      FROM (
        SELECT uuid, name, args, kwargs, result, exception, ${orderValue} AS _order_value
        FROM tasks ${whereClause([...conditions, segment.where])} ORDER BY ${segmentOrderBy(segment)} LIMIT ${window}::int
      ) ordered
    )
    SELECT (SELECT count(*) FROM candidates)::int AS scanned,
      coalesce((SELECT array_agg(uuid ORDER BY position) FROM (SELECT uuid, position FROM candidates WHERE hit ORDER BY position LIMIT ${limit}::int) h), '{}') AS hits`;
}

/**
 * Several segments read as one run, in walk order: keysetSegments gives at most one run of
 * rows with a sort value and one without, in either order, sharing one direction; so "which
 * segment" is whether the value is null, and within each the segment's own order applies.
 */
export function walkOrderBy(segments: readonly KeysetSegment[], sortExpression?: string): Prisma.Sql {
  const [first] = segments;
  if (!first) throw new Error("walkOrderBy needs at least one segment");
  if (segments.length === 1) return segmentOrderBy(first, sortExpression);
  const order = first.descending ? "DESC" : "ASC";
  const value = sortExpression ?? sortColumnOf(segments);
  return Prisma.raw(`(${value} IS NULL) ${first.column === null ? "DESC" : "ASC"}, ${value} ${order}, uuid ${order}`);
}

/** The sort column the valued segment names (every segment of one walk sorts by the same column). */
function sortColumnOf(segments: readonly KeysetSegment[]): string {
  const valued = segments.find((segment) => segment.column !== null);
  if (!valued?.column) throw new Error("a walk of several segments has one with a sort value");
  return valued.column;
}

/**
 * The rows of a walk of several segments, as a condition the planner cannot turn into index
 * scans: written as an OR of the segments, it would AND a bitmap of, say, 50k FAILURE rows
 * (tasks_state_received_idx) with the few trigram matches to save a dozen heap reads (70 ms
 * measured for a 6 ms search). A walk over both whole segments is the whole table: no condition.
 */
function segmentsCondition(segments: readonly KeysetSegment[]): Prisma.Sql[] {
  const [first] = segments;
  if (segments.length === 1 && first) return [first.where];
  const kinds = new Set(segments.map((segment) => segment.column === null));
  if (kinds.size === 2 && segments.every((segment) => segment.whole)) return [];
  return [Prisma.sql`(CASE ${Prisma.join(segments.map((segment) => Prisma.sql`WHEN ${segment.where} THEN true`), " ")} ELSE false END)`];
}

/**
 * How step 2 reads the table for a filter: which halves its states reach (tasks_search_idx
 * holds only the settled one), and the received-time bounds the unsettled half is read with.
 */
export type SearchPlan = { settled: boolean; unsettled: boolean; unsettledRange: Prisma.Sql[] };

export function searchPlan(filter: TaskFilter): SearchPlan {
  const unsettledRange = receivedRangeConditions(filter);
  const states = filter.states;
  if (!states || states.length === 0) return { settled: true, unsettled: true, unsettledRange };
  const unsettled = new Set<string>(UNSETTLED_STATES);
  return { settled: states.some((state) => !unsettled.has(state)), unsettled: states.some((state) => unsettled.has(state)), unsettledRange };
}

/**
 * Search, step 2 (the text is rare among the filtered rows): find the matches through the
 * trigram index, settled tasks via tasks_search_idx and unsettled ones via the state index,
 * then order and cut. Run with plain index scans disabled (see task-queries.ts): one here
 * would mean walking the table in order looking for a rare match.
 *
 * It covers every remaining segment of the walk at once: the trigram lookup is most of the
 * cost (the posting lists of trigrams common to every row, e.g. of "example.com", are read
 * whole: ~40 ms at 1M tasks) and it is the same for every segment, so one statement pays it
 * once instead of once per segment; the few matches are then sorted into walk order.
 *
 * The unsettled branch reads the unsettled tasks (few: see schema.prisma), within the
 * filter's received-time range, behind an optimisation fence (OFFSET 0), then filters them.
 * Without it the planner may AND their bitmap with another index's (e.g. 80k entries of
 * tasks_name_received_idx for a name filter: 58 ms measured) to save a few hundred heap reads.
 */
export function searchIndexQuery(
  projection: Prisma.Sql,
  conditions: readonly Prisma.Sql[],
  text: TextMatch,
  segments: readonly KeysetSegment[],
  limit: number,
  plan: SearchPlan = { settled: true, unsettled: true, unsettledRange: [] },
): Prisma.Sql {
  const [first] = segments;
  if (!first) throw new Error("searchIndexQuery needs at least one segment");
  const match = textCondition(text);
  const filters = [...conditions, match, ...segmentsCondition(segments)];
  const parts: Prisma.Sql[] = [];
  if (plan.settled) {
    parts.push(Prisma.sql`(SELECT ${projection} FROM tasks ${whereClause([SETTLED_CONDITION, ...filters])} ORDER BY ${walkOrderBy(segments)} LIMIT ${limit}::int)`);
  }
  if (plan.unsettled) {
    const unsettled = Prisma.sql`(SELECT * FROM tasks ${whereClause([UNSETTLED_CONDITION, ...plan.unsettledRange])} OFFSET 0) tasks`;
    parts.push(Prisma.sql`(SELECT ${projection} FROM ${unsettled} ${whereClause(filters)} ORDER BY ${walkOrderBy(segments)} LIMIT ${limit}::int)`);
  }
  if (parts.length === 0) return Prisma.sql`SELECT ${projection} FROM tasks WHERE false`;
  // The projections carry the sort column as text ("sortValue"); cast back, it orders exactly.
  return Prisma.sql`SELECT * FROM (${Prisma.join(parts, " UNION ALL ")}) found ORDER BY ${walkOrderBy(segments, `"sortValue"::${first.type}`)} LIMIT ${limit}::int`;
}

/** Rows by id (after step 1), in no particular order. */
export function rowsByIdQuery(projection: Prisma.Sql, uuids: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${projection} FROM tasks WHERE uuid = ANY (${[...uuids]}::text[])`;
}
