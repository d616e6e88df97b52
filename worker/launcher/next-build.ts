import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Logger } from "pino";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const BUILD_INPUTS = ["app", "components", "lib", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const IGNORED = new Set(["node_modules", ".next", "__fixtures__"]);

/**
 * The build folder of a URL prefix, as next.config.mjs names it: ".next" without a prefix,
 * ".next-flower" for "/flower", ".next-ops-flower" for "/ops/flower". One build per prefix
 * lets a machine serve (or test) two prefixes without rebuilding on every switch.
 */
export function buildDirOf(basePath: string): string {
  return basePath === "" ? ".next" : `.next${basePath.replaceAll("/", "-")}`;
}

/**
 * `next start` serves a production build. The start command builds once per URL prefix,
 * and again only when the sources or the prefix changed (a prefix is Next's basePath, which
 * the build bakes in), so a newcomer's single command works and a restart costs nothing.
 * The web process must then run with the same BLOOM_BASE_PATH (see webBuildEnvironment).
 */
export async function ensureProductionBuild(log: Logger, basePath = ""): Promise<void> {
  const bakedSettings = webBuildEnvironment(basePath);
  const buildDir = path.join(projectRoot, buildDirOf(basePath));
  const stampFile = path.join(buildDir, "bloom-build-stamp");
  const stamp = buildStamp(bakedSettings);
  if (fs.existsSync(path.join(buildDir, "BUILD_ID")) && readIfExists(stampFile) === stamp) return;
  log.info({ prefix: basePath || null, buildDir: path.relative(projectRoot, buildDir) }, "building the web app (first start, new URL prefix or sources changed; takes about a minute)");
  const started = Date.now();
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: projectRoot,
      env: { ...process.env, ...bakedSettings, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.trim()}`))));
  });
  fs.writeFileSync(stampFile, stamp);
  log.info({ ms: Date.now() - started }, "web app built");
}

/** What the build and the web process must agree on: next.config.mjs reads it in both. */
export function webBuildEnvironment(basePath: string): Record<string, string> {
  return { BLOOM_BASE_PATH: basePath };
}

function buildStamp(bakedSettings: Record<string, string>): string {
  const hash = crypto.createHash("sha256");
  hash.update(JSON.stringify(bakedSettings));
  for (const input of BUILD_INPUTS) hashPath(path.join(projectRoot, input), hash);
  return hash.digest("hex");
}

function hashPath(target: string, hash: crypto.Hash): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target).sort()) {
      if (IGNORED.has(entry) || entry.startsWith(".next-") || entry.endsWith(".test.ts")) continue;
      hashPath(path.join(target, entry), hash);
    }
    return;
  }
  hash.update(path.relative(projectRoot, target));
  hash.update(fs.readFileSync(target));
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
