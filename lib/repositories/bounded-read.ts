import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { postgresErrorCode, QUERY_CANCELED, QueryTimeoutError } from "./postgres-errors";

export type PlannerSwitch = "enable_seqscan" | "enable_indexscan";

/**
 * A read that must not run away: its own statement timeout, no JIT (compiling a console
 * query costs more than it saves — 175 ms measured on a 2-core machine for a 300 ms count),
 * and optionally plan types switched off where the planner's estimates are known to mislead
 * it (trigram matches). SET LOCAL lasts for this transaction only.
 */
export async function boundedRead<Row>(db: PrismaClient, query: Prisma.Sql, options: { what: string; timeoutMs: number; off?: readonly PlannerSwitch[] }): Promise<Row[]> {
  try {
    const results = await db.$transaction([
      db.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.trunc(options.timeoutMs)}`),
      db.$executeRawUnsafe("SET LOCAL jit = off"),
      ...(options.off ?? []).map((setting) => db.$executeRawUnsafe(`SET LOCAL ${setting} = off`)),
      db.$queryRaw<Row[]>(query),
    ]);
    return results.at(-1) as Row[];
  } catch (error) {
    if (postgresErrorCode(error) === QUERY_CANCELED) throw new QueryTimeoutError(options.what, options.timeoutMs);
    throw error;
  }
}
