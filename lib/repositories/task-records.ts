import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** A task row as the ingest pipeline reads and writes it; times are epoch seconds. */
export type TaskRecord = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string | null;
  client: string | null;
  args: string | null;
  kwargs: string | null;
  /** JSON text of the parsed literal, or null when it could not be parsed */
  argsJson: string | null;
  kwargsJson: string | null;
  /** JSON text: revoke/reject details, custom-state times, undocumented event fields */
  details: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  retries: number;
  queue: string | null;
  exchange: string | null;
  routingKey: string | null;
  parentId: string | null;
  rootId: string | null;
  eta: number | null;
  expires: number | null;
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  runtime: number | null;
  stateAt: number | null;
  clock: number;
};

type Db = PrismaClient | Prisma.TransactionClient;

const TIME_COLUMNS = [
  ["eta", "eta"],
  ["expires", "expires"],
  ["sent", "sent_at"],
  ["received", "received_at"],
  ["started", "started_at"],
  ["succeeded", "succeeded_at"],
  ["failed", "failed_at"],
  ["retried", "retried_at"],
  ["revoked", "revoked_at"],
  ["rejected", "rejected_at"],
  ["stateAt", "state_at"],
] as const satisfies readonly (readonly [keyof TaskRecord, string])[];

const TEXT_COLUMNS = [
  ["name", "name"],
  ["state", "state"],
  ["worker", "worker"],
  ["client", "client"],
  ["args", "args"],
  ["kwargs", "kwargs"],
  ["result", "result"],
  ["exception", "exception"],
  ["traceback", "traceback"],
  ["queue", "queue"],
  ["exchange", "exchange"],
  ["routingKey", "routing_key"],
  ["parentId", "parent_id"],
  ["rootId", "root_id"],
] as const satisfies readonly (readonly [keyof TaskRecord, string])[];

const SELECT_TASK_RECORDS = `
  SELECT uuid, ${TEXT_COLUMNS.map(([key, column]) => `${column} AS "${key}"`).join(", ")},
    args_json::text AS "argsJson", kwargs_json::text AS "kwargsJson", details::text AS details, retries, runtime, clock::float8 AS clock,
    ${TIME_COLUMNS.map(([key, column]) => `extract(epoch from ${column})::float8 AS "${key}"`).join(", ")}
  FROM tasks WHERE uuid = ANY($1::text[])`;

/** Loads the current rows of the given tasks (those that exist). */
export async function findTaskRecords(db: Db, uuids: string[]): Promise<Map<string, TaskRecord>> {
  if (uuids.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<TaskRecord[]>(SELECT_TASK_RECORDS, uuids);
  return new Map(rows.map((row) => [row.uuid, row]));
}

const UPSERT_TASK_RECORDS = (() => {
  const textList = TEXT_COLUMNS.map(([, column]) => column);
  const timeList = TIME_COLUMNS.map(([, column]) => column);
  const columns = ["uuid", ...textList, "args_json", "kwargs_json", "details", "retries", "runtime", "clock", ...timeList];
  let n = 0;
  const param = (type: string) => `$${++n}::${type}[]`;
  const unnestArgs = [param("text"), ...textList.map(() => param("text")), param("text"), param("text"), param("text"), param("int4"), param("float8"), param("int8"), ...timeList.map(() => param("float8"))];
  const aliases = ["uuid", ...textList, "args_json", "kwargs_json", "details", "retries", "runtime", "clock", ...timeList];
  const selects = aliases.map((alias) =>
    alias === "args_json" || alias === "kwargs_json" || alias === "details" ? `u.${alias}::jsonb` : (timeList as string[]).includes(alias) ? `to_timestamp(u.${alias})` : `u.${alias}`,
  );
  const updates = columns.filter((column) => column !== "uuid").map((column) => `${column} = EXCLUDED.${column}`);
  return `
    INSERT INTO tasks (${columns.join(", ")}, updated_at)
    SELECT ${selects.join(", ")}, now()
    FROM unnest(${unnestArgs.join(", ")}) AS u(${aliases.join(", ")})
    ON CONFLICT (uuid) DO UPDATE SET ${updates.join(", ")}, updated_at = now()`;
})();

/**
 * Writes merged task rows in one statement (unnest arrays: one round trip for the batch).
 * The caller merged them with the stored rows, so every column is replaced.
 */
export async function upsertTaskRecords(db: Db, records: TaskRecord[]): Promise<void> {
  if (records.length === 0) return;
  const column = <K extends keyof TaskRecord>(key: K) => records.map((record) => record[key]);
  await db.$executeRawUnsafe(
    UPSERT_TASK_RECORDS,
    column("uuid"),
    ...TEXT_COLUMNS.map(([key]) => column(key)),
    column("argsJson"),
    column("kwargsJson"),
    column("details"),
    column("retries"),
    column("runtime"),
    records.map((record) => Math.trunc(record.clock)),
    ...TIME_COLUMNS.map(([key]) => column(key)),
  );
}
