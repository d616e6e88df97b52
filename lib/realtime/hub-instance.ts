import { createLogger } from "@/lib/log/logger";
import { changeLogFeed } from "@/lib/services/change-log-feed";
import { latestMonitorEventId, listMonitorEventsAfter } from "@/lib/services/monitor-feed";
import { getSystemHealth } from "@/lib/services/system-health";
import { ChangeHub } from "./change-hub";
import { createPgChangeSource } from "./pg-change-source";

/** One hub per web process, cached on globalThis so dev-mode module reloads reuse it. */
const globalForHub = globalThis as unknown as { bloomChangeHub?: ChangeHub };

export function getChangeHub(): ChangeHub {
  if (!globalForHub.bloomChangeHub) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Bloom with `npm start`, which provides it");
    const log = createLogger("stream", logLevel());
    const onError = (what: string, error: unknown) => log.warn({ err: error }, `live updates: ${what} failed`);
    globalForHub.bloomChangeHub = new ChangeHub({
      source: createPgChangeSource({ connectionString: url, onError }),
      changeLog: changeLogFeed,
      latestEventId: latestMonitorEventId,
      eventsAfter: listMonitorEventsAfter,
      readHealth: async () => {
        const health = await getSystemHealth();
        return { database: health.database, ingest: health.ingest, broker: health.broker };
      },
      onError,
    });
  }
  return globalForHub.bloomChangeHub;
}

function logLevel(): "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" {
  const level = process.env.LOG_LEVEL;
  return level === "fatal" || level === "error" || level === "warn" || level === "debug" || level === "trace" || level === "silent" ? level : "info";
}
