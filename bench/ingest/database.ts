/**
 * What the benchmark reads from Bloom's database, from the outside: plain SQL over `pg`,
 * because the benchmark measures the product and must not share its code paths.
 */
import pg from "pg";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";

export type IngestHealth = { eventsTotal: number; lagMs: number | null; bufferDepth: number; dropped: number; brokerState: string };

export class Database {
  private constructor(
    readonly url: string,
    private readonly pool: pg.Pool,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  /** A fresh database with Bloom's migrations applied (one per phase: row counts start at zero). */
  static async create(adminUrl: string, name: string): Promise<Database> {
    const { url, drop } = await createMigratedDatabase(adminUrl, name);
    // Two connections: the lag sampler polls on one while a count runs on the other.
    return new Database(url, new pg.Pool({ connectionString: url, max: 2 }), drop);
  }

  /** Tasks in SUCCESS: every generated task ends there, so this is "tasks persisted". */
  async countSucceeded(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*)::int8 AS n FROM tasks WHERE state = 'SUCCESS'");
    return Number(rows[0]?.n ?? 0);
  }

  /** Of these tasks, the ones committed in SUCCESS, with their updated_at (transaction start, epoch s). */
  async findSucceeded(uuids: readonly string[]): Promise<Map<string, number>> {
    if (uuids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ uuid: string; at: number }>(
      "SELECT uuid, extract(epoch from updated_at)::float8 AS at FROM tasks WHERE uuid = ANY($1::text[]) AND state = 'SUCCESS'",
      [uuids],
    );
    return new Map(rows.map((row) => [row.uuid, row.at]));
  }

  /** The health row the ingest worker with this PID writes every second (its instance id embeds the PID). */
  async health(pid: number): Promise<IngestHealth | undefined> {
    const { rows } = await this.pool.query<{ events_total: string; lag_ms: number | null; buffer_depth: number; dropped: string; broker_state: string }>(
      "SELECT events_total, lag_ms, buffer_depth, dropped, broker_state FROM ingest_health WHERE instance_id LIKE $1 ORDER BY updated_at DESC LIMIT 1",
      [`%:${pid}:%`],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { eventsTotal: Number(row.events_total), lagMs: row.lag_ms, bufferDepth: row.buffer_depth, dropped: Number(row.dropped), brokerState: row.broker_state };
  }

  /** Until the worker reports its broker connection (subscribed / queue bound): events sent earlier would be lost. */
  async waitForIngestConnected(pid: number, abortIf: () => string | undefined, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const aborted = abortIf();
      if (aborted) throw new Error(aborted);
      if ((await this.health(pid))?.brokerState === "connected") return;
      if (Date.now() > deadline) throw new Error(`the ingest worker did not connect to the broker within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.dropDatabase();
  }
}
