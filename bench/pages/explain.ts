import type pg from "pg";

/** A statement as the product sent it (captured from Prisma's query log). */
export type CapturedStatement = { query: string; params: unknown[] };

const SKIPPED = /^\s*(BEGIN|COMMIT|ROLLBACK|DEALLOCATE)\b/i;
const SETTING = /^\s*SET\s+LOCAL\b/i;

type ExplainJson = [{ "Planning Time": number; "Execution Time": number }];

/**
 * Replays a request's statements on a plain connection with EXPLAIN ANALYZE and returns the
 * server's own time for them (planning + execution, summed), so the figure excludes the
 * client, the driver and the network. `SET LOCAL` planner settings the product sends before a
 * statement are replayed in a transaction around it, so the plans are the product's plans.
 */
export async function serverTime(client: pg.Client, statements: readonly CapturedStatement[]): Promise<number> {
  let total = 0;
  await replay(client, statements, async (statement) => {
    const { rows } = await client.query<{ "QUERY PLAN": ExplainJson }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${statement.query}`, statement.params);
    const plan = rows[0]?.["QUERY PLAN"][0];
    total += (plan?.["Planning Time"] ?? 0) + (plan?.["Execution Time"] ?? 0);
  });
  return total;
}

/** EXPLAIN (ANALYZE, BUFFERS) text of every statement, for the report. */
export async function explainPlans(client: pg.Client, statements: readonly CapturedStatement[]): Promise<string[]> {
  const plans: string[] = [];
  await replay(client, statements, async (statement, settings) => {
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, statement.params);
    const header = settings.length > 0 ? `-- with ${settings.join("; ")}\n` : "";
    plans.push(`${header}${rows.map((row) => row["QUERY PLAN"]).join("\n")}`);
  });
  return plans;
}

async function replay(client: pg.Client, statements: readonly CapturedStatement[], each: (statement: CapturedStatement, settings: string[]) => Promise<void>): Promise<void> {
  let settings: string[] = [];
  for (const statement of statements) {
    if (SKIPPED.test(statement.query)) continue;
    if (SETTING.test(statement.query)) {
      if (settings.length === 0) await client.query("BEGIN");
      await client.query(statement.query);
      settings.push(statement.query.trim());
      continue;
    }
    try {
      await each(statement, settings);
    } finally {
      if (settings.length > 0) await client.query("COMMIT");
      settings = [];
    }
  }
}
