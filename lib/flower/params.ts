import { z } from "zod";
import { jsonObjectSchema, jsonValueSchema } from "@/lib/celery/control-messages";
import { parseInstant } from "@/lib/schemas/date-range";
import { FlowerSearchError, parseFlowerSearch } from "./search-query";

/**
 * Flower's query and form parameters, read the way Flower reads them (BaseHandler.get_argument:
 * bools by Python's strtobool, ints, floats), except that a bad value is a 400 naming the
 * parameter instead of Flower's occasional 500 (see e2e/flower-fixtures/*-bad-*.json).
 */

const TRUE = new Set(["y", "yes", "t", "true", "on", "1"]);
const FALSE = new Set(["n", "no", "f", "false", "off", "0"]);

/** Values come as text from the query string or a form, and as JSON from a JSON body. */
const asText = (value: unknown) => (typeof value === "number" || typeof value === "boolean" ? String(value) : value);

/** Python's strtobool, which Flower uses for `refresh`, `status`, `terminate`. */
export const flowerBool = z.preprocess(asText, z.string()).transform((value, ctx) => {
  const lower = value.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  ctx.addIssue({ code: "custom", message: "must be true or false (or 1/0, yes/no, on/off)" });
  return z.NEVER;
});

export const flowerInt = (what: string) =>
  z.preprocess(asText, z.string().trim().regex(/^[-+]?\d{1,9}$/, `must be a whole number (${what})`)).transform(Number);

export const flowerFloat = (what: string) =>
  z.preprocess(asText, z.string().trim().regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, `must be a number (${what})`)).transform(Number);

/** A string parameter; Flower's list pages send "All" for "no filter". */
const filterValue = z
  .string()
  .trim()
  .max(256, "at most 256 characters")
  .transform((value) => (value === "" || value === "All" ? undefined : value));

/**
 * `received_start`/`received_end`: Flower's format is `%Y-%m-%d %H:%M`; ISO 8601 is accepted
 * too. celery: Flower reads the time in its server's local zone (time.mktime); Bloom in UTC,
 * so the same URL means the same instant on every replica.
 */
const flowerInstant = z.string().transform((text, ctx) => {
  const date = parseInstant(text);
  if (date === null) {
    ctx.addIssue({ code: "custom", message: 'must be a date and time like "2026-11-23 14:05" (UTC)' });
    return z.NEVER;
  }
  return date;
});

export const FLOWER_SORT_KEYS = ["name", "state", "received", "started"] as const;
export type FlowerSortKey = (typeof FLOWER_SORT_KEYS)[number];
export type FlowerSort = { key: FlowerSortKey; descending: boolean } | null;

const sortBy = z.string().transform((value, ctx): FlowerSort => {
  const descending = value.startsWith("-");
  const key = value.replace(/^-/, "");
  if (!(FLOWER_SORT_KEYS as readonly string[]).includes(key)) {
    ctx.addIssue({ code: "custom", message: `must be one of ${FLOWER_SORT_KEYS.join(", ")}, optionally with a leading - for descending` });
    return z.NEVER;
  }
  return { key: key as FlowerSortKey, descending };
});

const search = z.string().transform((value, ctx) => {
  try {
    return parseFlowerSearch(value);
  } catch (error) {
    if (!(error instanceof FlowerSearchError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
    return z.NEVER;
  }
});

/** Flower has no ceiling (its memory holds at most max_tasks, 10,000 by default); Bloom's is this. */
export const FLOWER_MAX_LIMIT = 10_000;
/** How deep `offset` may page; past it, /api/v1's cursors page at constant cost. */
export const FLOWER_MAX_WINDOW = 100_000;

export const flowerTasksQuery = z
  .object({
    limit: flowerInt("tasks per answer").pipe(z.number().min(0, "must be 0 or more")).optional(),
    offset: flowerInt("tasks to skip").optional(),
    sort_by: sortBy.optional(),
    workername: filterValue.optional(),
    taskname: filterValue.optional(),
    state: filterValue.optional(),
    received_start: flowerInstant.optional(),
    received_end: flowerInstant.optional(),
    search: search.optional(),
  })
  .transform((query) => ({
    // celery: Flower clamps a negative offset to 0 and answers every task without a limit.
    limit: Math.min(query.limit ?? FLOWER_MAX_LIMIT, FLOWER_MAX_LIMIT),
    offset: Math.max(query.offset ?? 0, 0),
    sort: query.sort_by ?? null,
    worker: query.workername,
    name: query.taskname,
    state: query.state,
    receivedFrom: query.received_start,
    receivedTo: query.received_end,
    search: query.search,
  }))
  .superRefine((query, ctx) => {
    if (query.offset + query.limit > FLOWER_MAX_WINDOW) {
      ctx.addIssue({ code: "custom", path: ["offset"], message: `offset + limit may reach ${FLOWER_MAX_WINDOW}; page deeper with /api/v1/tasks cursors` });
    }
  });
export type FlowerTasksQuery = z.output<typeof flowerTasksQuery>;

export const flowerWorkersQuery = z.object({
  refresh: flowerBool.optional(),
  status: flowerBool.optional(),
  workername: z.string().trim().min(1).max(256).optional(),
});

export const flowerResultQuery = z.object({
  timeout: flowerFloat("seconds to wait").pipe(z.number().min(0, "must be 0 or more").max(60, "at most 60 seconds")).optional(),
});

/*
 * POST parameters. Flower reads them from the query string or a form body; Bloom also from a
 * JSON body (lib/flower/post-params.ts merges them). Flower sends a missing required one to
 * the worker as `[]` (e2e/flower-fixtures/worker-queue-add-consumer-missing.json: the worker
 * then died); Bloom answers 400 naming it.
 */
const required = (what: string) => z.preprocess(asText, z.string({ error: `is required (${what})` }).trim().min(1, `is required (${what})`).max(255));

export const poolSizeParams = z.object({ n: flowerInt("pool processes").optional() });
export const autoscaleParams = z.object({ min: flowerInt("fewest pool processes"), max: flowerInt("most pool processes") });
export const queueParams = z.object({ queue: required("the queue name") });
export const revokeParams = z.object({ terminate: flowerBool.optional(), signal: z.preprocess(asText, z.string().trim().min(1).max(32)).optional() });
export const timeLimitParams = z.object({
  workername: required("the worker to change"),
  soft: flowerFloat("seconds").optional(),
  hard: flowerFloat("seconds").optional(),
});
export const rateLimitParams = z.object({ workername: required("the worker to change"), ratelimit: required("e.g. 10/m") });

/**
 * `/api/task/apply|async-apply|send-task/<name>` bodies: `args`, `kwargs` and the options
 * Bloom sends with a task. Flower passes any other key to apply_async; Bloom names it (400)
 * rather than silently dropping it.
 */
export const taskSendBody = z.strictObject({
  args: z.array(jsonValueSchema, { error: "must be an array" }).optional(),
  kwargs: jsonObjectSchema.optional(),
  queue: z.string().trim().min(1).max(255).optional(),
  countdown: flowerFloat("seconds from now").optional(),
  // Flower's DATE_FORMAT (naive, read as UTC as Celery does with enable_utc) or ISO 8601
  eta: z.string().optional(),
  expires: z.union([z.number(), z.string()]).optional(),
  priority: flowerInt("0-255").optional(),
});
export type TaskSendBody = z.output<typeof taskSendBody>;
