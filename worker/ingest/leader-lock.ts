import pg from "pg";
import type { Logger } from "pino";

/** Advisory-lock key shared by every ingest process of one Bloom database. */
export const INGEST_LOCK_KEY = 0x626c6f6f6d; // "bloom"

/**
 * Exactly one ingest process consumes: the one holding a Postgres session-level advisory
 * lock on a dedicated connection. The lock goes away with the session, so when the active
 * process dies its standby acquires it on its next attempt (every `pollMs`).
 */
export class LeaderLock {
  private client: pg.Client | undefined;
  private lostListeners: ((reason: string) => void)[] = [];
  private keepAlive: NodeJS.Timeout | undefined;
  private held = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private readonly pollMs = 1_000,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** One attempt: true when this process now holds the lock. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = await this.connect();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [INGEST_LOCK_KEY]);
    this.held = rows[0]?.locked === true;
    if (this.held) this.watch(client);
    return this.held;
  }

  /**
   * Attempts until the lock is held or `shouldStop()` says so. After a database error the
   * next attempt waits `graceAfterErrorMs`, so an active process that merely lost its
   * connection in the same outage gets the first chance to take its lock back.
   */
  async acquire(shouldStop: () => boolean, onWaiting?: () => void, graceAfterErrorMs = 5_000): Promise<boolean> {
    while (!shouldStop()) {
      try {
        if (await this.tryAcquire()) return true;
        onWaiting?.();
        await sleep(this.pollMs);
      } catch (error) {
        this.log.debug({ err: describe(error) }, "leader lock attempt failed");
        await this.disconnect();
        await sleep(graceAfterErrorMs);
      }
    }
    return false;
  }

  async release(): Promise<void> {
    clearInterval(this.keepAlive);
    if (this.held && this.client) await this.client.query("SELECT pg_advisory_unlock($1)", [INGEST_LOCK_KEY]).catch(() => undefined);
    this.held = false;
    await this.disconnect();
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
    client.on("error", () => undefined); // reported through the keep-alive query / 'end'
    await client.connect();
    this.client = client;
    return client;
  }

  /** A dead session means the lock is gone: tell the owner at once. */
  private watch(client: pg.Client): void {
    const lost = (reason: string) => {
      if (!this.held) return;
      this.held = false;
      clearInterval(this.keepAlive);
      this.client = undefined;
      client.end().catch(() => undefined);
      for (const listener of this.lostListeners) listener(reason);
    };
    client.once("end", () => lost("lock connection closed"));
    this.keepAlive = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => lost(describe(error)));
    }, 2_000);
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
