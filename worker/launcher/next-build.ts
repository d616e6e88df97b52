import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Logger } from "pino";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const BUILD_INPUTS = ["app", "components", "lib", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const IGNORED = new Set(["node_modules", ".next", "__fixtures__"]);
const STAMP = path.join(projectRoot, ".next", "bloom-build-stamp");

/**
 * `next start` serves a production build. The start command builds once, and again only
 * when the sources or the settings baked into the build changed, so a newcomer's single
 * command works and a restart costs nothing.
 */
export async function ensureProductionBuild(log: Logger, bakedSettings: Record<string, string> = {}): Promise<void> {
  const stamp = buildStamp(bakedSettings);
  const buildId = path.join(projectRoot, ".next", "BUILD_ID");
  if (fs.existsSync(buildId) && readIfExists(STAMP) === stamp) return;
  log.info("building the web app (first start or sources changed; takes about a minute)");
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
  fs.writeFileSync(STAMP, stamp);
  log.info({ ms: Date.now() - started }, "web app built");
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
      if (IGNORED.has(entry) || entry.endsWith(".test.ts")) continue;
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
