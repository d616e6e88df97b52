import type { TaskRunRow } from "@/lib/beat/entry-runs";
import { defaultDb, type Db } from "./db";

/**
 * Tasks of one name seen since `since`, newest first: the candidates for an entry's runs
 * (the args filter is lib/beat/entry-runs.ts). Both branches walk tasks_name_received_idx
 * (name, received_at DESC): received tasks by range, sent-only ones (no worker got them yet)
 * by `received_at IS NULL`.
 */
export async function listTaskRunsByName(name: string, since: Date, limit: number, db: Db = defaultDb()): Promise<TaskRunRow[]> {
  return db.$queryRaw<TaskRunRow[]>`
    SELECT uuid, state, args_json AS "argsJson", kwargs_json AS "kwargsJson", sent_at AS "sentAt",
           received_at AS "receivedAt", first_seen_at AS "firstSeenAt", runtime
      FROM tasks
     WHERE name = ${name}
       AND (received_at >= ${since} OR (received_at IS NULL AND first_seen_at >= ${since}))
     ORDER BY COALESCE(sent_at, received_at, first_seen_at) DESC
     LIMIT ${limit}`;
}
