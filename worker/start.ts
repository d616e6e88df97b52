/**
 * `npm start`: runs Bloom — an embedded PostgreSQL when DATABASE_URL is unset, migrations,
 * the Next.js web app (production build) and the ingest worker — and stops it all cleanly
 * on Ctrl-C / SIGTERM.
 */
import path from "node:path";
import { ConfigError } from "@/lib/config/config-error";
import { loadDotEnvFile } from "@/lib/config/dotenv-file";
import type { Settings } from "@/lib/config/settings";
import { validateStartupSettings } from "@/lib/config/startup-validation";
import { createLogger } from "@/lib/log/logger";
import { assertDatabaseReachable } from "./launcher/database-check";
import { startEmbeddedPostgresProcess, type EmbeddedPostgresProcess } from "./launcher/embedded-postgres-process";
import { authModeOf, nextAuthUrlOf, prepareAuthEnvironment, publicUrlOf } from "./launcher/auth-startup";
import { loadAuthSettings } from "@/lib/auth/auth-settings";
import { applyMigrations } from "./launcher/migrate";
import { buildProcessBundles, ingestCommandArgs } from "./launcher/process-bundles";
import { ensureProductionBuild, webBuildEnvironment } from "./launcher/next-build";
import { isPortInUse } from "./launcher/port-check";
import { Supervisor } from "./launcher/supervisor";

const projectRoot = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  loadDotEnvFile(projectRoot);
  const settings = validateStartupSettings();
  const log = createLogger("bloom", settings.logLevel);
  // Sign-in settings are checked before anything starts, so a typo fails in a second, not after a build.
  loadAuthSettings({ ...process.env, BLOOM_ENV: authModeOf(process.env, settings.address), NEXTAUTH_URL: nextAuthUrlOf(publicUrlOf(process.env, settings)) });
  if (await isPortInUse(settings.port, settings.address === "0.0.0.0" ? undefined : settings.address)) {
    throw new ConfigError("BLOOM_PORT", `port ${settings.port} on ${settings.address} is already in use; choose another with BLOOM_PORT`);
  }
  let embedded: EmbeddedPostgresProcess | undefined;
  const databaseUrl = settings.databaseUrl ?? (embedded = await startEmbeddedPostgresProcess(settings.dataDir, settings.embeddedPostgresPort)).url;
  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ reason }, "stopping Bloom");
    await supervisor.stopAll();
    await embedded?.stop();
    log.info("stopped");
    process.exit(exitCode);
  };
  const supervisor = new Supervisor(log, (name) => void shutdown(`${name} exited`, 1));
  process.on("SIGINT", () => void shutdown("SIGINT", 0));
  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));

  let authEnv: Record<string, string> = {};
  let bundles = { web: "", ingest: "" };
  try {
    await assertDatabaseReachable(databaseUrl);
    await applyMigrations(databaseUrl, log);
    authEnv = await prepareAuthEnvironment(settings, process.env, databaseUrl, log);
    await ensureProductionBuild(log, settings.urlPrefix);
    bundles = await buildProcessBundles(projectRoot);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const childEnv = { ...childEnvironment(settings, databaseUrl), ...authEnv };
  supervisor.start({
    name: "web",
    command: process.execPath,
    args: [bundles.web],
    env: { ...childEnv, ...webBuildEnvironment(settings.urlPrefix), BLOOM_PORT: String(settings.port), BLOOM_ADDRESS: settings.address },
    cwd: projectRoot,
  });
  supervisor.start({
    name: "ingest",
    command: process.execPath,
    args: ingestCommandArgs(bundles.ingest),
    env: childEnv,
    cwd: projectRoot,
  });
  log.info({ url: `http://${settings.address === "0.0.0.0" ? "localhost" : settings.address}:${settings.port}${settings.urlPrefix}/`, publicUrl: authEnv.BLOOM_PUBLIC_URL }, "Bloom is starting");
}

function childEnvironment(settings: Settings, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    CELERY_BROKER_URL: settings.brokerUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    NODE_ENV: "production",
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`bloom: configuration error: ${error.message}\n`);
    process.exit(2);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bloom: could not start: ${message}\n`);
  process.exit(1);
});
