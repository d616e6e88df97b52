import path from "node:path";
import { build } from "esbuild";

/**
 * The ingest worker runs as one plain JavaScript file, not through the tsx loader: tsx keeps
 * its TypeScript compiler and a transform cache resident (≈ 40 MiB of the ingest's RSS, which
 * the memory target of < 150 MiB cannot afford) and transpiles every module at start.
 * esbuild (tsx's own compiler) bundles Bloom's sources in well under a second; npm packages
 * stay external and load from node_modules as usual, so the bundle must live inside the
 * project folder.
 */
export const INGEST_BUNDLE = ".bloom/build/ingest.mjs";

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

/** Builds the bundle (fresh every time: it takes < 1 s) and returns its absolute path. */
export async function buildIngestBundle(projectRoot: string): Promise<string> {
  const outfile = path.join(projectRoot, INGEST_BUNDLE);
  await build({
    entryPoints: [path.join(projectRoot, "worker/ingest/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(projectRoot, "tsconfig.json"),
    logLevel: "error",
    banner: { js: "// Built by worker/launcher/ingest-bundle.ts from worker/ingest/main.ts; do not edit." },
  });
  return outfile;
}

/** How to start the ingest process from the bundle (node + flags + file). */
export function ingestCommandArgs(bundlePath: string): string[] {
  return [...INGEST_NODE_FLAGS, bundlePath];
}
