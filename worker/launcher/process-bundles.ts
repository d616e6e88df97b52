import path from "node:path";
import { build } from "esbuild";

/**
 * Bloom's long-running processes run as plain JavaScript, not through the tsx loader: tsx
 * keeps its TypeScript compiler and a transform cache resident (≈ 40 MiB of the ingest's RSS,
 * which its memory target of < 150 MiB cannot afford) and transpiles every module at each
 * start. esbuild (tsx's own compiler) bundles Bloom's sources for both in well under a
 * second; npm packages stay external and load from node_modules as usual, which is why the
 * bundles live inside the project folder (and two levels deep, like their sources, so their
 * `import.meta.dirname + "../.."` is still the project root).
 */
export const BUNDLE_DIR = ".bloom/build";
export const INGEST_BUNDLE = `${BUNDLE_DIR}/ingest.mjs`;
export const WEB_BUNDLE = `${BUNDLE_DIR}/web-server.mjs`;

const ENTRY_POINTS = {
  ingest: "worker/ingest/main.ts",
  "web-server": "worker/launcher/web-server.ts",
} as const;

/**
 * V8 settings for the ingest process. Its live data is small and bounded (the pending buffer,
 * one batch being planned, one being written), but V8 sizes its heap for throughput and
 * keeps what it grew: with the defaults RSS climbed to 700+ MiB under load and stayed there.
 * - `--expose-gc`: the pipeline collects once when it runs dry after a burst (IdleCollector),
 *   which returns the dead batches at once instead of whenever V8 gets round to it.
 * - a 2 MiB young generation: frequent, cheap scavenges of per-event garbage.
 * - a 512 MiB old-generation ceiling: room for a full pending buffer during a database outage
 *   (200,000 events or 96 MiB of messages, ≈ 2–3× that decoded) on top of the working set; a
 *   ceiling, not a target.
 */
export const INGEST_NODE_FLAGS = ["--expose-gc", "--max-semi-space-size=2", "--max-old-space-size=512"] as const;

/** Builds both bundles (fresh every time: it takes < 1 s); returns their absolute paths. */
export async function buildProcessBundles(projectRoot: string): Promise<{ ingest: string; web: string }> {
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, path.join(projectRoot, file)])),
    outdir: path.join(projectRoot, BUNDLE_DIR),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(projectRoot, "tsconfig.json"),
    logLevel: "error",
    banner: { js: "// Built by worker/launcher/process-bundles.ts; do not edit." },
  });
  return { ingest: path.join(projectRoot, INGEST_BUNDLE), web: path.join(projectRoot, WEB_BUNDLE) };
}

/** How to start the ingest process from its bundle (node's arguments). */
export function ingestCommandArgs(bundlePath: string): string[] {
  return [...INGEST_NODE_FLAGS, bundlePath];
}
