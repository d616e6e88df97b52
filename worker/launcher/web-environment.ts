import fs from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { ConfigError } from "@/lib/config/config-error";
import type { Settings } from "@/lib/config/settings";
import { validateStartupSettings } from "@/lib/config/startup-validation";
import { prepareAuthEnvironment } from "./auth-startup";
import { buildDirOf, webBuildEnvironment } from "./next-build";

/**
 * What a web process runs with, decided from the operator's settings exactly as `npm start`
 * decides it for the web process it spawns: the URL prefix (BLOOM_URL_PREFIX or Flower's
 * FLOWER_URL_PREFIX) as Next's BLOOM_BASE_PATH, the mode, the public URL and NEXTAUTH_URL
 * (`<public URL>/api/auth`, which NextAuth needs under a prefix), and the sign-in check. So a
 * web process started directly (systemd, docker compose) needs only what the operator wrote
 * in the env file. Idempotent: the values `npm start` hands its child resolve to themselves.
 */
export async function resolveWebEnvironment(env: Readonly<Record<string, string | undefined>>, projectRoot: string, log: Logger): Promise<{ settings: Settings; env: Record<string, string> }> {
  const settings = validateStartupSettings(env);
  if (!settings.databaseUrl) throw new ConfigError("DATABASE_URL", "the web process needs the database (`npm start` starts an embedded one; a web process started on its own does not)");
  const given = env.BLOOM_BASE_PATH;
  if (given !== undefined && given !== "" && given !== settings.urlPrefix) {
    throw new ConfigError("BLOOM_BASE_PATH", `is "${given}" but the URL prefix is "${settings.urlPrefix}": set the prefix with BLOOM_URL_PREFIX only (Bloom derives BLOOM_BASE_PATH from it)`);
  }
  assertWebBuild(projectRoot, settings.urlPrefix);
  const auth = await prepareAuthEnvironment(settings, env, settings.databaseUrl, log);
  return { settings, env: { ...auth, ...webBuildEnvironment(settings.urlPrefix) } };
}

/**
 * Next bakes the prefix into a build, one build folder per prefix; without the one for this
 * prefix the server would start and answer every page with 404 (or with the wrong prefix).
 */
export function assertWebBuild(projectRoot: string, urlPrefix: string): void {
  const buildDir = buildDirOf(urlPrefix);
  if (fs.existsSync(path.join(projectRoot, buildDir, "BUILD_ID"))) return;
  const prefix = urlPrefix === "" ? "no URL prefix" : `the URL prefix ${urlPrefix}`;
  throw new ConfigError(
    "BLOOM_URL_PREFIX",
    `there is no web build for ${prefix} (${buildDir}/ in ${projectRoot}). Build it with the same settings: \`npm run build\` ` +
      "(it reads BLOOM_URL_PREFIX from the environment or .env); in Docker, rebuild the image: `docker compose build` passes BLOOM_URL_PREFIX from .env as a build argument",
  );
}
