/**
 * `npm run build [-- --env-file FILE]`: the web and ingest processes' bundles (process-bundles.ts) and the
 * production web build for the URL prefix the
 * settings name (BLOOM_URL_PREFIX / FLOWER_URL_PREFIX, from the environment, FILE — e.g. the
 * systemd units' /etc/bloom/bloom.env — or .env), into that prefix's build folder: the one a
 * web process with the same settings looks for. Used by the Dockerfile and by systemd
 * installs; `npm start` builds by itself. (`next build` alone would ignore the prefix:
 * next.config.mjs reads only the normalised BLOOM_BASE_PATH.)
 */
import path from "node:path";
import { ConfigError } from "@/lib/config/config-error";
import { loadDotEnvFile, loadEnvFile } from "@/lib/config/dotenv-file";
import { loadSettings } from "@/lib/config/settings";
import { createLogger } from "@/lib/log/logger";
import { buildProcessBundles } from "./process-bundles";
import { buildDirOf, ensureProductionBuild } from "./next-build";

const projectRoot = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const file = args[i] === "--env-file" ? args[++i] : undefined;
    if (!file) throw new ConfigError("arguments", `usage: npm run build [-- --env-file FILE] (got ${JSON.stringify(args)})`);
    try {
      loadEnvFile(file);
    } catch (error) {
      throw new ConfigError("--env-file", `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  loadDotEnvFile(projectRoot);
  const settings = loadSettings();
  const log = createLogger("build", settings.logLevel);
  await ensureProductionBuild(log, settings.urlPrefix);
  log.info({ prefix: settings.urlPrefix || null, buildDir: buildDirOf(settings.urlPrefix) }, "web build ready");
  const bundles = await buildProcessBundles(projectRoot);
  log.info({ web: path.relative(projectRoot, bundles.web), ingest: path.relative(projectRoot, bundles.ingest) }, "process bundles ready");
}

main().catch((error: unknown) => {
  process.stderr.write(`bloom build: ${error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
