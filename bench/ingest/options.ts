/**
 * Flags of `npm run bench -- ingest`. Defaults are the full run the issue asks for: both
 * brokers, rising rates, and the memory phase up to one million tasks.
 */
import { parseArgs } from "node:util";
import type { BrokerKind } from "./publishers";

export type IngestBenchOptions = {
  brokers: BrokerKind[];
  /** offered tasks/s per step (each task = 4 events); empty = skip the rate steps */
  rates: number[];
  secondsPerStep: number;
  /** unmeasured traffic before the first step */
  warmupSeconds: number;
  /** tasks pushed through a fresh ingest worker in the memory phase; 0 = skip it */
  rssTasks: number;
  /** publishing ceiling of the memory phase (tasks/s); the window does the real pacing */
  rssRate: number;
  /** memory phase: at most this many tasks published ahead of what is persisted */
  windowTasks: number;
  workers: number;
  probeEvery: number;
  /** a drain gives up after this long without a single task persisted */
  drainStallSeconds: number;
  cpuProfile: boolean;
  /** before each step, wait up to this long for the rest of the machine to go quiet */
  waitQuietSeconds: number;
  out: string | undefined;
};

export const USAGE = `usage: npm run bench -- ingest [flags]

  --broker redis|amqp|both   brokers to measure (default both)
  --rates 1000,2000,...      offered tasks/s per step; 'none' skips the steps
                             (default 1000,2000,2600,3000,5000,7500; 1 task = 4 events)
  --seconds 10               length of each rate step
  --warmup 5                 seconds of unmeasured traffic (≤ 1,000 tasks/s) before the first step
  --rss-tasks 1000000        tasks for the memory phase (RSS at 100k, 200k, 500k, 1M); 0 skips it
  --rss-rate 20000           publishing ceiling (tasks/s) of the memory phase
  --window 10000             memory phase: max tasks published ahead of the persisted ones
  --workers 4                simulated worker hostnames
  --probe-every 50           every Nth task is a lag probe
  --drain-stall 15           seconds without progress before a drain gives up (counts as loss)
  --wait-quiet 0             on a shared machine: before each step wait up to this many seconds
                             until other processes use < 25 % of one core
  --cpu-prof                 V8 CPU profiles of the ingest workers → bench/results/profiles/
  --out <file.json>          results file (default bench/results/ingest-<date>.json)
`;

function positiveInt(name: string, raw: string, allowZero = false): number {
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a whole number${allowZero ? " ≥ 0" : " > 0"}, got "${raw}"`);
  return value;
}

/** Returns undefined for --help. */
export function parseOptions(args: string[]): IngestBenchOptions | undefined {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      broker: { type: "string", default: "both" },
      rates: { type: "string", default: "1000,2000,2600,3000,5000,7500" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string", default: "5" },
      "rss-tasks": { type: "string", default: "1000000" },
      "rss-rate": { type: "string", default: "20000" },
      window: { type: "string", default: "10000" },
      workers: { type: "string", default: "4" },
      "probe-every": { type: "string", default: "50" },
      "drain-stall": { type: "string", default: "15" },
      "cpu-prof": { type: "boolean", default: false },
      "wait-quiet": { type: "string", default: "0" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  const brokers: BrokerKind[] =
    values.broker === "both" ? ["redis", "amqp"] : values.broker === "redis" || values.broker === "amqp" ? [values.broker] : [];
  if (brokers.length === 0) throw new Error(`--broker must be redis, amqp or both, got "${values.broker}"`);
  const rates = values.rates === "none" || values.rates.trim() === "" ? [] : values.rates.split(",").map((rate) => positiveInt("rates", rate.trim()));
  return {
    brokers,
    rates,
    secondsPerStep: positiveInt("seconds", values.seconds),
    warmupSeconds: positiveInt("warmup", values.warmup, true),
    rssTasks: positiveInt("rss-tasks", values["rss-tasks"], true),
    rssRate: positiveInt("rss-rate", values["rss-rate"]),
    windowTasks: positiveInt("window", values.window),
    workers: positiveInt("workers", values.workers),
    probeEvery: positiveInt("probe-every", values["probe-every"]),
    drainStallSeconds: positiveInt("drain-stall", values["drain-stall"]),
    cpuProfile: values["cpu-prof"],
    waitQuietSeconds: positiveInt("wait-quiet", values["wait-quiet"], true),
    out: values.out,
  };
}
