import type { Logger } from "pino";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { deleteStaleIngestHealth, upsertIngestHealth } from "@/lib/repositories/ingest-health-writer";

type Identity = { instanceId: string; brokerUrl: string };

/**
 * Keeps the ingest figures in memory and writes them to Postgres every second. A failed
 * write marks the database as down (and is retried on the next tick), never crashes.
 */
export class HealthReporter {
  private brokerState = "connecting";
  private brokerError: string | null = null;
  private databaseState: "up" | "down" = "up";
  private eventsTotal = 0;
  private deadLetters = 0;
  private dropped = 0;
  private databaseError: string | null = null;
  private bufferDepth = 0;
  private lagMs: number | null = null;
  private lastEventAt: Date | null = null;
  private role: "active" | "standby" = "standby";
  private recent: { at: number; total: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly identity: Identity,
    private readonly log: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  setBroker(state: string, error: string | null): void {
    this.brokerState = state;
    this.brokerError = error;
  }

  setRole(role: "active" | "standby"): void {
    this.role = role;
  }

  setBufferDepth(depth: number): void {
    this.bufferDepth = depth;
  }

  countEvents(count: number, at: number, lagMs?: number): void {
    this.eventsTotal += count;
    this.lastEventAt = new Date(at);
    if (lagMs !== undefined) this.lagMs = Math.round(lagMs);
  }

  countDeadLetters(count: number): void {
    this.deadLetters += count;
  }

  countDropped(count: number): void {
    this.dropped += count;
  }

  /** Set by the pipeline from its writes, which see an outage before the next report does. */
  markDatabaseDown(error: string): void {
    if (this.databaseState === "up") this.log.warn({ err: error }, "database unavailable; buffering events");
    this.databaseState = "down";
    this.databaseError = error;
  }

  markDatabaseUp(): void {
    if (this.databaseState === "down") this.log.info("database reachable again");
    this.databaseState = "up";
    this.databaseError = null;
  }

  isDatabaseUp(): boolean {
    return this.databaseState === "up";
  }

  start(): void {
    this.timer = setInterval(() => {
      this.writing = this.writing.then(() => this.write());
    }, this.intervalMs);
    void deleteStaleIngestHealth(this.prisma, new Date(Date.now() - 24 * 3600_000)).catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.brokerState = "stopped";
    await this.writing;
    await this.write();
  }

  /** events/s over the last ~5 s window */
  private eventsPerSecond(now: number): number {
    this.recent.push({ at: now, total: this.eventsTotal });
    this.recent = this.recent.filter((sample) => now - sample.at <= 5_000);
    const first = this.recent[0];
    if (!first || now === first.at) return 0;
    return ((this.eventsTotal - first.total) * 1000) / (now - first.at);
  }

  private async write(): Promise<void> {
    const now = Date.now();
    try {
      await upsertIngestHealth(this.prisma, {
        ...this.identity,
        role: this.role,
        brokerState: this.brokerState,
        brokerError: this.brokerError,
        databaseState: "up",
        lagMs: this.lagMs,
        bufferDepth: this.bufferDepth,
        eventsTotal: this.eventsTotal,
        deadLetters: this.deadLetters,
        dropped: this.dropped,
        eventsPerSec: this.eventsPerSecond(now),
        lastEventAt: this.lastEventAt,
      });
      this.markDatabaseUp();
    } catch (error) {
      this.markDatabaseDown(error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error));
    }
  }
}
