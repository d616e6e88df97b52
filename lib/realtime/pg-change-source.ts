import pg from "pg";
import { CHANGES_CHANNEL, parseChangeNotice } from "./change-payload";
import type { ChangeSource } from "./change-hub";

export type PgChangeSourceOptions = {
  connectionString: string;
  onError?: (what: string, error: unknown) => void;
  /** first retry delay; doubles up to `maxRetryMs` */
  retryMs?: number;
  maxRetryMs?: number;
};

/**
 * LISTEN on one dedicated connection (a pooled one would hand the LISTEN to whoever takes
 * it next). When the connection drops it comes back with backoff and says so, because
 * notifications sent meanwhile are gone and listeners must re-read.
 */
export function createPgChangeSource(options: PgChangeSourceOptions): ChangeSource {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 15_000;
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = retryMs;
  let everConnected = false;
  let handlers: Parameters<ChangeSource["start"]>[0] | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.connectionString, keepAlive: true, connectionTimeoutMillis: 10_000, application_name: "bloom-web-listen" });
    next.on("notification", (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const notice = parseChangeNotice(message.payload);
      if (notice) handlers?.onChange(notice);
    });
    next.on("error", (error) => {
      options.onError?.("change listener connection", error);
      retire(next);
    });
    next.on("end", () => retire(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      options.onError?.("connecting the change listener", error);
      void next.end().catch(() => undefined);
      scheduleRetry();
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    delay = retryMs;
    if (everConnected) handlers?.onReconnect();
    everConnected = true;
  };

  const retire = (which: pg.Client): void => {
    if (client !== which) return;
    client = null;
    void which.end().catch(() => undefined);
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref?.();
    delay = Math.min(delay * 2, maxRetryMs);
    // A first connection that failed counts as "was connected" for the purpose of a later
    // resync: pages rendered meanwhile read the database directly and may have missed changes.
    everConnected = true;
  };

  return {
    start: async (h) => {
      handlers = h;
      stopped = false;
      await connect();
    },
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
