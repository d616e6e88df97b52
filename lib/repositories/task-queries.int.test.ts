import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SortDirection, TaskSort } from "@/lib/schemas/task-list";
import { countTasksWithRoot, findTask, listTaskEvents, listTaskFamily } from "./task-detail";
import { listDistinctTaskValues } from "./task-filter-values";
import { escapeLike, type KeysetPosition, type TaskFilter, type TextMatch } from "./task-list-sql";
import { listTaskExportRows, listTaskRows, SEARCH_WINDOW, type TaskListRow } from "./task-queries";
import { countTasksByState } from "./task-state-counts";

/**
 * The tasks page's queries against a real, migrated PostgreSQL (with pg_trgm and the search
 * indexes). Fixtures are rows with known values; every assertion compares with the same
 * filter or order computed in plain TypeScript over those rows.
 */

type Seed = {
  uuid: string;
  name: string;
  state: string;
  worker: string | null;
  queue: string;
  args: string;
  kwargs: string;
  result: string | null;
  exception: string | null;
  /** epoch ms; null = never received (still PENDING) */
  received: number | null;
  started: number | null;
  succeeded: number | null;
  runtime: number | null;
};

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const NAMES = ["shop.orders.process", "shop.orders.refund", "mail.send", "reports.build"];
const STATES = ["SUCCESS", "SUCCESS", "SUCCESS", "FAILURE", "RETRY", "STARTED", "RECEIVED", "REVOKED"];
// More rows than the search window, so a rare match exercises the trigram-index step too.
const COUNT = SEARCH_WINDOW + 1_500;

function seedRows(): Seed[] {
  let random = 42;
  const next = () => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const rows: Seed[] = [];
  for (let i = 0; i < COUNT; i++) {
    const pending = i % 50 === 7;
    const state = pending ? "PENDING" : STATES[Math.floor(next() * STATES.length)]!;
    // Every fifth row shares its received time with the previous one: the order must break ties by id.
    const received = pending ? null : T0 + Math.floor(i / 5) * 5 * 1000 + (i % 5 === 0 ? 0 : 1) * 777;
    const started = received === null || state === "RECEIVED" ? null : received + Math.floor(next() * 2000);
    const runtime = state === "SUCCESS" ? Math.round(next() * 5000) / 1000 : null;
    rows.push({
      uuid: `${i.toString(16).padStart(8, "0")}-${Math.floor(next() * 0xffff).toString(16).padStart(4, "0")}-4000-8000-${String(i).padStart(12, "0")}`,
      name: NAMES[i % NAMES.length]!,
      state,
      worker: pending ? null : `celery@w${i % 3}`,
      queue: i % 10 === 0 ? "io" : "celery",
      args: i === 5 ? "('50%_off', 1)" : `(${i}, ${i * 7})`,
      kwargs: i === 10 ? "{'email': 'Needle@Example.com'}" : `{'user_id': ${i % 97}}`,
      result: state === "SUCCESS" ? `{'order': ${i}}` : null,
      exception: state === "FAILURE" ? "TimeoutError('smtp timed out')" : null,
      received,
      started,
      succeeded: state === "SUCCESS" && started !== null && runtime !== null ? started + runtime * 1000 : null,
      runtime,
    });
  }
  // A rare match far from the newest rows, in a settled task: found through tasks_search_idx.
  const rare = rows[3];
  if (rare) Object.assign(rare, { state: "REVOKED", kwargs: "{'token': 'zebra-crossing-42'}" });
  const failed = rows[17];
  if (failed) Object.assign(failed, { state: "FAILURE", exception: "ValueError('<script>alert(1)</script>')", result: null, succeeded: null, runtime: null });
  // A rare match among unsettled tasks (not in the partial search index).
  const pendingRow = rows.find((row) => row.state === "PENDING");
  if (pendingRow) pendingRow.args = "('quokka-pending',)";
  // A rare text in both runs of the order (received and never received) and both halves of
  // the search index (settled and not): one trigram lookup must return them in walk order.
  // Rows 1210 and 1200 fill a first page of 2; the rest of the walk then starts more than a
  // search window above row 12, so the next page's lookup is bounded by the cursor.
  for (const [index, state] of [[1200, "SUCCESS"], [1210, "STARTED"], [12, "FAILURE"]] as const) {
    const row = rows[index];
    if (row) Object.assign(row, { state, kwargs: `{'animal': 'walrus-${index}'}` });
  }
  for (const row of rows.filter((candidate) => candidate.state === "PENDING").slice(1, 3)) row.kwargs = "{'animal': 'Walrus-pending'}";
  return rows;
}

const SORT_VALUE: Record<TaskSort, (row: Seed) => number | null> = {
  received: (row) => row.received,
  started: (row) => row.started,
  succeeded: (row) => row.succeeded,
  runtime: (row) => row.runtime,
};

/** The table's order in plain TypeScript: rows with a value by (value, uuid), then the rest by uuid. */
function expectedOrder(rows: readonly Seed[], sort: TaskSort, dir: SortDirection): string[] {
  const sign = dir === "desc" ? -1 : 1;
  const cmpId = (a: Seed, b: Seed) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0) * sign;
  const valued = rows.filter((row) => SORT_VALUE[sort](row) !== null).sort((a, b) => ((SORT_VALUE[sort](a) ?? 0) - (SORT_VALUE[sort](b) ?? 0)) * sign || cmpId(a, b));
  const unvalued = rows.filter((row) => SORT_VALUE[sort](row) === null).sort(cmpId);
  return [...valued, ...unvalued].map((row) => row.uuid);
}

function textMatch(text: string, names: readonly string[]): TextMatch {
  const escaped = escapeLike(text);
  return { exact: text, prefix: text, contains: `%${escaped}%`, names: names.filter((name) => name.toLowerCase().includes(text.toLowerCase())) };
}

function matchesText(row: Seed, text: string): boolean {
  const needle = text.toLowerCase();
  return (
    row.uuid === text ||
    row.uuid.startsWith(text) ||
    row.name.toLowerCase().includes(needle) ||
    [row.args, row.kwargs, row.result, row.exception].some((value) => value !== null && value.toLowerCase().includes(needle))
  );
}

describe("task queries", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  const rows = seedRows();
  const position = (row: TaskListRow): KeysetPosition => ({ value: row.sortValue, uuid: row.uuid });

  async function walk(filter: TaskFilter, sort: TaskSort, dir: SortDirection, pageSize: number): Promise<string[]> {
    const seen: string[] = [];
    let from: KeysetPosition | undefined;
    for (;;) {
      const page = await listTaskRows({ filter, sort, dir, ...(from ? { from: { position: from, direction: "after" as const } } : {}), limit: pageSize }, prisma);
      seen.push(...page.map((row) => row.uuid));
      const last = page.at(-1);
      if (page.length < pageSize || !last) return seen;
      from = position(last);
    }
  }

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_task_queries");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 4);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    await prisma.$executeRawUnsafe(
      `INSERT INTO tasks (uuid, name, state, worker, queue, args, kwargs, result, exception, received_at, started_at, succeeded_at, runtime, root_id, first_seen_at)
       SELECT * , uuid, coalesce(received_at, now()) FROM jsonb_to_recordset($1::jsonb) AS r(uuid text, name text, state text, worker text, queue text, args text, kwargs text,
         result text, exception text, received_at timestamptz, started_at timestamptz, succeeded_at timestamptz, runtime float8)`,
      JSON.stringify(
        rows.map((row) => ({ ...row, received_at: iso(row.received), started_at: iso(row.started), succeeded_at: iso(row.succeeded), received: undefined, started: undefined, succeeded: undefined })),
      ),
    );
    await prisma.$executeRawUnsafe("ANALYZE tasks");
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await drop?.();
  });

  describe("keyset order", () => {
    it.each([
      ["received", "desc"],
      ["received", "asc"],
      ["started", "desc"],
      ["succeeded", "asc"],
      ["runtime", "desc"],
      ["runtime", "asc"],
    ] as const)("walks every row once, in order, by %s %s (ties and missing values included)", async (sort, dir) => {
      expect(await walk({}, sort, dir, 97)).toEqual(expectedOrder(rows, sort, dir));
    });

    it("walks backwards from any row to the rows before it, in reverse", async () => {
      const order = expectedOrder(rows, "started", "desc");
      // The last anchor is among the tasks without a start time: walking back crosses into those with one.
      for (const index of [1, 150, order.length - 3]) {
        const anchor = (await listTaskRows({ filter: {}, sort: "started", dir: "desc", limit: index + 1 }, prisma)).at(-1);
        if (!anchor) throw new Error("no anchor row");
        const before = await listTaskRows({ filter: {}, sort: "started", dir: "desc", from: { position: position(anchor), direction: "before" }, limit: 40 }, prisma);
        expect(before.map((row) => row.uuid)).toEqual(order.slice(Math.max(0, index - 40), index).reverse());
      }
    });

    it("keeps microsecond timestamps exact in the cursor", async () => {
      const [row] = await listTaskRows({ filter: {}, sort: "received", dir: "desc", limit: 1 }, prisma);
      expect(row?.sortValue).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?\+00$/);
    });
  });

  describe("filters", () => {
    const from = T0 + 600_000;
    const to = T0 + 1_200_000;
    it.each<[string, TaskFilter, (row: Seed) => boolean]>([
      ["one state", { states: ["FAILURE"] }, (row) => row.state === "FAILURE"],
      ["several states", { states: ["RETRY", "REVOKED"] }, (row) => row.state === "RETRY" || row.state === "REVOKED"],
      ["name", { name: "mail.send" }, (row) => row.name === "mail.send"],
      ["worker", { worker: "celery@w1" }, (row) => row.worker === "celery@w1"],
      ["queue", { queue: "io" }, (row) => row.queue === "io"],
      ["received range", { receivedFrom: new Date(from), receivedTo: new Date(to) }, (row) => row.received !== null && row.received >= from && row.received < to],
      ["everything at once", { states: ["SUCCESS"], name: "shop.orders.process", queue: "celery", receivedFrom: new Date(from) }, (row) =>
        row.state === "SUCCESS" && row.name === "shop.orders.process" && row.queue === "celery" && row.received !== null && row.received >= from],
    ])("%s", async (_label, filter, predicate) => {
      expect(await walk(filter, "received", "desc", 100)).toEqual(expectedOrder(rows.filter(predicate), "received", "desc"));
    });
  });

  describe("search", () => {
    let names: string[];
    beforeAll(async () => {
      names = await listDistinctTaskValues("name", 100, prisma);
    });

    it.each([
      ["a task id prefix", () => rows[42]!.uuid.slice(0, 8)],
      ["a whole task id", () => rows[43]!.uuid],
      ["part of a task name", () => "ORDERS.REF"],
      ["text in kwargs, any case", () => "needle@example"],
      ["text in an exception", () => "smtp timed"],
      ["text in a result", () => "'order': 12"],
      ["markup in an exception", () => "<script>"],
      ["LIKE wildcards, literally", () => "50%_off"],
      ["a rare text far down the order (trigram index step)", () => "zebra-crossing"],
      ["a rare text in a task that has not settled", () => "quokka-pending"],
    ])("finds %s", async (_label, text) => {
      const query = text();
      const expected = expectedOrder(rows.filter((row) => matchesText(row, query)), "received", "desc");
      expect(expected.length).toBeGreaterThan(0);
      expect(await walk({ text: textMatch(query, names) }, "received", "desc", 50)).toEqual(expected);
    });

    it("pages through a rare text across tasks with and without a received time, both ways", async () => {
      const filter: TaskFilter = { text: textMatch("walrus", names) };
      const expected = expectedOrder(rows.filter((row) => matchesText(row, "walrus")), "received", "desc");
      expect(expected.length).toBe(5);
      // Pages of 2: the second page starts inside the received run and ends in the null run.
      expect(await walk(filter, "received", "desc", 2)).toEqual(expected);
      const all = await listTaskRows({ filter, sort: "received", dir: "desc", limit: 50 }, prisma);
      expect(all.map((row) => row.uuid)).toEqual(expected);
      for (let index = 1; index < expected.length; index++) {
        const anchor = all[index];
        if (!anchor) throw new Error("no anchor");
        const before = await listTaskRows({ filter, sort: "received", dir: "desc", from: { position: position(anchor), direction: "before" }, limit: 2 }, prisma);
        expect(before.map((row) => row.uuid)).toEqual(expected.slice(Math.max(0, index - 2), index).reverse());
      }
    });

    it("keeps to the received-time range in both halves of the search", async () => {
      const from = T0 + 600_000;
      const inRange = (row: Seed) => row.received !== null && row.received >= from;
      const expected = expectedOrder(rows.filter((row) => inRange(row) && matchesText(row, "walrus")), "received", "desc");
      // row 1200 (settled) and row 1210 (STARTED: read through the state index with the range)
      expect(expected.length).toBe(2);
      expect(await walk({ receivedFrom: new Date(from), text: textMatch("walrus", names) }, "received", "desc", 50)).toEqual(expected);
    });

    it("keeps to the filter's states when only settled or only unsettled tasks can match", async () => {
      const text = textMatch("walrus", names);
      for (const states of [["FAILURE"], ["STARTED", "PENDING"], ["SUCCESS", "STARTED"]]) {
        const expected = expectedOrder(rows.filter((row) => states.includes(row.state) && matchesText(row, "walrus")), "received", "desc");
        expect(await walk({ states, text }, "received", "desc", 50)).toEqual(expected);
      }
    });

    it("combines a search with filters and another sort order", async () => {
      const filter: TaskFilter = { states: ["SUCCESS"], text: textMatch("'order': 1", names) };
      expect(await walk(filter, "runtime", "asc", 30)).toEqual(expectedOrder(rows.filter((row) => row.state === "SUCCESS" && matchesText(row, "'order': 1")), "runtime", "asc"));
    });

    it("returns nothing for text nobody sent", async () => {
      expect(await walk({ text: textMatch("no-such-text", names) }, "received", "desc", 50)).toEqual([]);
    });
  });

  describe("state counts", () => {
    const tally = (subset: readonly Seed[]) => {
      const counts = new Map<string, number>();
      for (const row of subset) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
      return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([state, count]) => ({ state, count, capped: false }));
    };

    it("counts every state under the filter, ignoring the filter's own states", async () => {
      const result = await countTasksByState({ states: ["FAILURE"], queue: "io" }, prisma);
      expect(result).toEqual({ counts: tally(rows.filter((row) => row.queue === "io")), totalCapped: false });
    });

    it("counts the matches of a search", async () => {
      const names = await listDistinctTaskValues("name", 100, prisma);
      const result = await countTasksByState({ text: textMatch("mail.send", names) }, prisma);
      expect(result).toEqual({ counts: tally(rows.filter((row) => matchesText(row, "mail.send"))), totalCapped: false });
    });
  });

  it("lists distinct names, workers, queues and states", async () => {
    expect(await listDistinctTaskValues("name", 100, prisma)).toEqual([...NAMES].sort());
    expect(await listDistinctTaskValues("worker", 100, prisma)).toEqual(["celery@w0", "celery@w1", "celery@w2"]);
    expect(await listDistinctTaskValues("queue", 1, prisma)).toEqual(["celery"]);
    expect(await listDistinctTaskValues("state", 100, prisma)).toEqual([...new Set(rows.map((row) => row.state))].sort());
  });

  it("exports every field with ISO 8601 times", async () => {
    const [row] = await listTaskExportRows({ filter: { states: ["SUCCESS"] }, sort: "received", dir: "asc", limit: 1 }, prisma);
    const seed = rows.filter((r) => r.state === "SUCCESS").sort((a, b) => (a.received ?? 0) - (b.received ?? 0) || (a.uuid < b.uuid ? -1 : 1))[0]!;
    expect(row).toMatchObject({ uuid: seed.uuid, name: seed.name, state: "SUCCESS", args: seed.args, received: new Date(seed.received ?? 0).toISOString().replace("Z", "000Z"), traceback: null });
  });

  describe("task detail", () => {
    beforeAll(async () => {
      // chain(a, b, c) as Celery sends it: root = first step, parent = previous step; a retry points at itself.
      await prisma.$executeRawUnsafe(`INSERT INTO tasks (uuid, name, state, parent_id, root_id) VALUES
        ('chain-a', 'add', 'SUCCESS', NULL, 'chain-a'), ('chain-b', 'mul', 'SUCCESS', 'chain-a', 'chain-a'),
        ('chain-c', 'add', 'FAILURE', 'chain-b', 'chain-a'), ('orphan-child', 'x', 'SUCCESS', 'chain-c', NULL)`);
      await prisma.$executeRawUnsafe(`INSERT INTO task_events (task_id, type, hostname, timestamp, clock, fields) VALUES
        ('chain-b', 'task-succeeded', 'w1', '2026-11-20T00:00:02Z', 3, '{}'), ('chain-b', 'task-received', 'w1', '2026-11-20T00:00:00Z', 1, '{}'),
        ('chain-b', 'task-started', 'w1', '2026-11-20T00:00:01Z', 2, '{}')`);
    });

    it("reads a task, its events in time order and its whole family", async () => {
      const task = await findTask("chain-b", prisma);
      expect(task?.name).toBe("mul");
      expect((await listTaskEvents("chain-b", 10, prisma)).map((event) => event.type)).toEqual(["task-received", "task-started", "task-succeeded"]);
      const family = await listTaskFamily({ uuid: "chain-c", rootId: "chain-a", parentId: "chain-b" }, 10, prisma);
      expect(family.map((member) => member.uuid).sort()).toEqual(["chain-a", "chain-b", "chain-c", "orphan-child"]);
      expect(await countTasksWithRoot("chain-a", prisma)).toBe(3);
      expect(await findTask("no-such-task", prisma)).toBeNull();
    });
  });
});
