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
 * V8 heap limits for the ingest process. Its live data is small and bounded (the pending
 * buffer, one batch being planned, one being written), but V8 sizes its heap for throughput
 * and keeps what it grew: with the defaults RSS climbed to 700+ MiB under load and stayed
 * there. A 4 MiB young generation (semi-space) keeps scavenges frequent and cheap; the old
 * generation cap is far above the live set, so it only stops hoarding, never starves.
 */
export const INGEST_NODE_FLAGS = ["--expose-gc", "--max-semi-space-size=2", "--max-old-space-size=256"] as const;

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
