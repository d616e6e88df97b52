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

/** Record key → SQL type in the batch's JSON rows (json_to_recordset matches keys by name). */
const RECORD_TYPES: readonly (readonly [keyof TaskRecord, string])[] = [
  ["uuid", "text"],
  ...TEXT_COLUMNS.map(([key]) => [key, "text"] as const),
  ["argsJson", "text"],
  ["kwargsJson", "text"],
  ["details", "text"],
  ["retries", "int4"],
  ["runtime", "float8"],
  ["clock", "int8"],
  ...TIME_COLUMNS.map(([key]) => [key, "float8"] as const),
];

const UPSERT_TASK_RECORDS = (() => {
  const value = (key: string) => `u."${key}"`;
  const columns: [string, string][] = [
    ["uuid", value("uuid")],
    ...TEXT_COLUMNS.map(([key, column]): [string, string] => [column, value(key)]),
    ["args_json", `${value("argsJson")}::jsonb`],
    ["kwargs_json", `${value("kwargsJson")}::jsonb`],
    ["details", `${value("details")}::jsonb`],
    ["retries", value("retries")],
    ["runtime", value("runtime")],
    ["clock", value("clock")],
    ...TIME_COLUMNS.map(([key, column]): [string, string] => [column, `to_timestamp(${value(key)})`]),
  ];
  const updates = columns.filter(([column]) => column !== "uuid").map(([column]) => `${column} = EXCLUDED.${column}`);
  return `
    INSERT INTO tasks (${columns.map(([column]) => column).join(", ")}, updated_at)
    SELECT ${columns.map(([, expression]) => expression).join(", ")}, now()
    FROM json_to_recordset($1::json) AS u(${RECORD_TYPES.map(([key, type]) => `"${key}" ${type}`).join(", ")})
    ON CONFLICT (uuid) DO UPDATE SET ${updates.join(", ")}, updated_at = now()`;
})();

/**
 * Writes merged task rows in one statement whose single parameter is the batch as JSON (one
 * native JSON.stringify instead of a text[] per column: cheaper on both ends).
 * The caller merged them with the stored rows, so every column is replaced.
 */
export async function upsertTaskRecords(db: Db, records: readonly TaskRecord[]): Promise<void> {
  if (records.length === 0) return;
  // int8 columns take only integers; Celery's clocks are, but a float must not fail the batch.
  const rows = JSON.stringify(records.map((record) => (Number.isInteger(record.clock) ? record : { ...record, clock: Math.trunc(record.clock) })));
  await db.$executeRawUnsafe(UPSERT_TASK_RECORDS, rows);
}
