/**
 * The ingest process: consumes Celery's event stream from the broker and keeps Postgres
 * up to date; reports its own health every second for the dashboard and /healthcheck.
 * Several may run: one leads (holds the advisory lock) and consumes, the others stand by.
 */
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { maskBrokerUrl } from "@/lib/celery/broker-url";
import { ConfigError } from "@/lib/config/config-error";
import { loadDotEnvFile } from "@/lib/config/dotenv-file";
import { loadSettings, smtpSettingsOf } from "@/lib/config/settings";
import { createPrismaClient } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { startAlerts, type RunningAlerts } from "../alerts/alerts-runner";
import { HealthReporter } from "./health-reporter";
import { startIngest, type RunningIngest } from "./ingest-service";
import { LeaderLock } from "./leader-lock";
import { alertLinkBase } from "./public-url";

// Two levels up both from worker/ingest/ (tsx) and from the bundle in .bloom/build/.
const projectRoot = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  // Prisma compiles its query compiler (WebAssembly) on the first query; V8 then re-compiles
  // its hot functions with the optimising tier in the background, which costs ≈ 50 MiB of
  // RSS (measured) and buys nothing here: the hot path is a few raw statements per batch.
  // Safe to set now: no WebAssembly has been compiled yet.
  v8.setFlagsFromString("--liftoff-only");
  // The same .env the web process reads (started directly by systemd or compose, nobody else loads it).
  loadDotEnvFile(projectRoot);
  const settings = loadSettings();
  const alertBaseUrl = alertLinkBase(process.env, settings);
  if (!settings.databaseUrl) throw new ConfigError("DATABASE_URL", "the ingest worker needs a database (npm start provides one)");
  const databaseUrl = settings.databaseUrl;
  const log = createLogger("ingest", settings.logLevel);
  // pipeline writes + health + inspector + sweeper/retention/sampler share this pool
  const prisma = createPrismaClient(databaseUrl, 6);
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const reporter = new HealthReporter(prisma, { instanceId, brokerUrl: maskBrokerUrl(settings.brokerUrl) }, log);
  reporter.setBroker("standby", null);
  reporter.start();
  const lock = new LeaderLock(databaseUrl, log);

  let stopping = false;
  let ingest: RunningIngest | undefined;
  // Alert rules are evaluated by the active process only (once per cluster), beside ingest.
  let alerts: RunningAlerts | undefined;

  const lead = async (): Promise<void> => {
    let announced = false;
    const acquired = await lock.acquire(
      () => stopping,
      () => {
        if (!announced) log.info("another ingest process is active; standing by");
        announced = true;
      },
    );
    if (!acquired || stopping) return;
    log.info({ instanceId }, "this ingest process is now active");
    ingest = await startIngest({
      prisma,
      brokerUrl: settings.brokerUrl,
      instanceId,
      log,
      reporter,
      source: { amqp: { queueName: settings.amqpQueue } },
      resultBackendUrl: settings.resultBackendUrl,
      importResults: settings.importResults,
      inspector: { enableEventsIntervalMs: settings.enableEvents ? 10_000 : null },
      maintenance: { retention: settings.retention, housekeeping: settings.housekeeping, brokerApiUrl: settings.brokerApiUrl },
    });
    if (settings.alertInterval !== null) {
      alerts = startAlerts({ prisma, log, intervalMs: settings.alertInterval * 1000, baseUrl: alertBaseUrl, smtp: smtpSettingsOf(settings) });
    }
  };

  lock.onLost((reason) => {
    // Keep consuming into the buffer (the database may just be restarting) while trying to
    // take the lock back; step down only if another process got it meanwhile.
    log.warn({ reason }, "lost the ingest lock; trying to take it back");
    void (async () => {
      while (!stopping) {
        try {
          if (await lock.tryAcquire()) return log.info("ingest lock taken back");
          log.error("another ingest process took over; standing by");
          const running = ingest;
          ingest = undefined;
          await alerts?.stop();
          alerts = undefined;
          reporter.setRole("standby");
          reporter.setBroker("standby", null);
          await running?.stop();
          return void lead();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    })();
  });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping ingest");
    await alerts?.stop();
    await ingest?.stop();
    await reporter.stop();
    await lock.release();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  await lead();
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ingest: ${error instanceof ConfigError ? "configuration error: " : ""}${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
