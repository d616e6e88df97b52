import { getPrisma } from "@/lib/db/client";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/** Columns whose distinct values the tasks page offers; each leads an index (loose scans need that). */
const DISTINCT_COLUMNS = { state: "state", name: "name", worker: "worker", queue: "queue" } as const;
export type DistinctTaskColumn = keyof typeof DISTINCT_COLUMNS;

/**
 * The distinct values of a column, by a loose index scan: one index probe per distinct value
 * (a few dozen task names → well under a millisecond) instead of reading a million rows the
 * way SELECT DISTINCT would.
 */
export async function listDistinctTaskValues(column: DistinctTaskColumn, limit: number, db: PrismaClient = getPrisma()): Promise<string[]> {
  const rows = await db.$queryRaw<{ value: string }[]>(distinctValuesQuery(column, limit));
  return rows.map((row) => row.value);
}

export function distinctValuesQuery(column: DistinctTaskColumn, limit: number): Prisma.Sql {
  const col = Prisma.raw(DISTINCT_COLUMNS[column]);
  return Prisma.sql`
    WITH RECURSIVE distinct_values AS (
      (SELECT ${col} AS value FROM tasks WHERE ${col} IS NOT NULL ORDER BY ${col} LIMIT 1)
      UNION ALL
      SELECT (SELECT t.${col} FROM tasks t WHERE t.${col} > d.value ORDER BY t.${col} LIMIT 1)
      FROM distinct_values d WHERE d.value IS NOT NULL
    )
    SELECT value FROM distinct_values WHERE value IS NOT NULL LIMIT ${limit}::int`;
}
