import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Test fixtures: copies of real Celery 5.2.6 captures from shared/wire-samples (see its
 * README), kept here so the tests do not depend on the repository's surroundings.
 */

export const FIXTURE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(FIXTURE_DIR, "../../..");
/** The originals, beside the repository (present in CI and on developer machines). */
export const SHARED_WIRE_SAMPLES = path.resolve(REPO_ROOT, "../shared/wire-samples");

export const WIRE_SAMPLE_COPIES = ["events-pubsub.jsonl", "events-retry-chain-pubsub.jsonl", "events-one-per-type.json"] as const;

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), "utf8");
}

export function sharedSampleExists(name: string): boolean {
  return existsSync(path.join(SHARED_WIRE_SAMPLES, name));
}

export function readSharedSample(name: string): string {
  return readFileSync(path.join(SHARED_WIRE_SAMPLES, name), "utf8");
}

/** One message of a pub/sub capture: `raw` is the payload byte-exact. */
export type PubSubLine = { t: number; pattern: string; channel: string; raw: string; body_decoded: unknown };

export function readPubSubCapture(name: string): PubSubLine[] {
  return readFixture(name)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as PubSubLine);
}

export type OnePerTypeSample = {
  channel: string;
  routing_key: string;
  body_is_list: boolean;
  envelope_raw: string;
  event: Record<string, unknown>;
};

export function readOnePerType(): Record<string, OnePerTypeSample> {
  return JSON.parse(readFixture("events-one-per-type.json")) as Record<string, OnePerTypeSample>;
}

export type PythonReprCase = { repr: string; expected: unknown };

export function readPythonReprCases(): PythonReprCase[] {
  return (JSON.parse(readFixture("python-repr-cases.json")) as { cases: PythonReprCase[] }).cases;
}
