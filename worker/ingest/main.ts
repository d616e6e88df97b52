/**
 * The ingest process: consumes Celery's event stream from the broker and keeps Postgres
 * up to date; reports its own health every second for the dashboard and /healthcheck.
 */
import crypto from "node:crypto";
import os from "node:os";
import { ConfigError } from "@/lib/config/config-error";
import { loadSettings } from "@/lib/config/settings";
import { createPrismaClient } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { startIngest } from "./ingest-service";

async function main(): Promise<void> {
  const settings = loadSettings();
  if (!settings.databaseUrl) throw new ConfigError("DATABASE_URL", "the ingest worker needs a database (npm start provides one)");
  const log = createLogger("ingest", settings.logLevel);
  const prisma = createPrismaClient(settings.databaseUrl, 4);
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const ingest = await startIngest({ prisma, brokerUrl: settings.brokerUrl, instanceId, log });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping ingest");
    await ingest.stop();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ingest: ${error instanceof ConfigError ? "configuration error: " : ""}${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
