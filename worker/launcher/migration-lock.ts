import pg from "pg";
import type { Logger } from "pino";

/**
 * Advisory-lock key for schema migrations, shared by every Bloom process of one database
 * (`npm start`, `bloom migrate`, each web replica or container that starts at once).
 * `prisma migrate deploy` takes a lock of its own (key 72707369), but how long it waits
 * for it depends on the schema engine (the native one gives up after 10 s, so a replica
 * starting beside a slow migration would fail); Bloom's lock is held around the whole
 * command, waits as long as `timeoutMs`, and says in the log that it is waiting.
 */
export const MIGRATION_LOCK_KEY = 0x626c6f6f6d6d; // "bloomm", distinct from the ingest leader's key

export type MigrationLockOptions = {
  /** how often to try again while another process holds the lock */
  pollMs?: number;
  /** give up (and fail) after waiting this long: a migration that takes longer is stuck */
  timeoutMs?: number;
};

/**
 * Runs `work` while holding the migration lock on a dedicated session, so concurrent
 * starters apply migrations one after the other: the first applies them, the others find
 * nothing pending. The lock belongs to the session, so a process that dies mid-migration
 * releases it with its connection.
 */
export async function withMigrationLock<T>(databaseUrl: string, log: Logger, work: () => Promise<T>, options: MigrationLockOptions = {}): Promise<T> {
  const { pollMs = 500, timeoutMs = 15 * 60_000 } = options;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true });
  // A dropped session is noticed by the unlock query below; without a listener pg would throw.
  client.on("error", (error) => log.warn({ err: error.message }, "migration lock connection failed"));
  await client.connect();
  try {
    const started = Date.now();
    let announced = false;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY]);
      if (rows[0]?.locked === true) break;
      if (!announced) log.info("another Bloom process is applying migrations; waiting for it");
      announced = true;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`another process has held the migration lock for over ${Math.round(timeoutMs / 1000)} s; its session is in pg_locks (locktype 'advisory', objid ${MIGRATION_LOCK_KEY % 2 ** 32})`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
