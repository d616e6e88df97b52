/**
 * Tables for people (Markdown, so they paste into an issue as they are) and the JSON file
 * for later comparison. Flower's figures are the baselines, measured on the same
 * kind of 2-core machine on Redis; they are quoted, not re-measured here.
 */
import type { BrokerKind } from "./publishers";
import type { RssPhaseResult } from "./rss-phase";
import type { StepResult, StepsPhaseResult } from "./steps-phase";

export type BrokerResult = { steps: StepsPhaseResult | null; rss: RssPhaseResult | null };
export type Results = Partial<Record<BrokerKind, BrokerResult>>;

export const FLOWER_BASELINES = {
  source: "issue: Flower 2.1 on Redis, same 2-core machine",
  lagUnder1sUpToTasksPerSec: 1_000,
  lagSecondsAt: { 2000: 2, 2600: 7 } as Record<number, number>,
  rssMiBAt: { 100000: 658, 200000: 1126 } as Record<number, number>,
} as const;

export const TARGETS = { tasksPerSec: 5_000, p95LagMs: 1_000, rssMiB: 150 } as const;

/** Whose CPU the tables show; `others` = everything else on the machine at the time. */
const CPU_COLUMNS = ["ingest", "postgres", "broker", "generator", "others"] as const;

const BROKER_TITLE: Record<BrokerKind, string> = { redis: "Redis", amqp: "RabbitMQ" };

const int = (value: number): string => Math.round(value).toLocaleString("en-US");
const seconds = (ms: number | null): string => (ms === null ? "n/a" : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
const mib = (value: number | null): string => (value === null ? "n/a" : `${value.toFixed(0)} MiB`);

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

function flowerLagAt(rate: number): string {
  const known = FLOWER_BASELINES.lagSecondsAt[rate];
  if (known !== undefined) return `≈ ${known} s`;
  return rate <= FLOWER_BASELINES.lagUnder1sUpToTasksPerSec ? "< 1 s" : "—";
}

export function stepsTable(broker: BrokerKind, phase: StepsPhaseResult): string {
  const rows = phase.steps.map((step) => [
    int(step.offeredTasksPerSec),
    int(step.offeredTasksPerSec * 4),
    int(step.published.tasksPerSec),
    int(step.persistedTasksPerSec),
    seconds(step.lagMs.p50),
    seconds(step.lagMs.p95),
    seconds(step.lagMs.max),
    `${step.drainSeconds.toFixed(1)} s`,
    int(step.lost),
    mib(step.ingestRssMiB),
    CPU_COLUMNS.map((name) => `${step.cpuPercent[name] ?? 0}`).join("/"),
    broker === "redis" ? flowerLagAt(step.offeredTasksPerSec) : "—",
  ]);
  return [
    `### Bloom ingest on ${BROKER_TITLE[broker]}: rate steps`,
    "",
    markdownTable(
      ["offered tasks/s", "events/s", "published/s", "persisted/s", "lag p50", "lag p95", "lag max", "drain", "lost", "ingest RSS", "CPU % ingest/pg/broker/gen/others", "Flower 2.1 lag (Redis)"],
      rows,
    ),
  ].join("\n");
}

export function rssTable(broker: BrokerKind, phase: RssPhaseResult): string {
  const rows = phase.checkpoints.map((checkpoint) => [
    int(checkpoint.tasks),
    int(checkpoint.persisted),
    mib(checkpoint.rssMiB),
    mib(checkpoint.peakRssMiB),
    int(checkpoint.segmentTasksPerSec),
    CPU_COLUMNS.map((name) => `${checkpoint.cpuPercent[name] ?? 0}`).join("/"),
    FLOWER_BASELINES.rssMiBAt[checkpoint.tasks] === undefined ? "—" : mib(FLOWER_BASELINES.rssMiBAt[checkpoint.tasks] ?? null),
  ]);
  return [
    `### Bloom ingest on ${BROKER_TITLE[broker]}: memory (idle RSS at start ${mib(phase.idleRssMiB)}; ${int(phase.overallTasksPerSec)} tasks/s sustained; lost ${int(phase.lost)})`,
    "",
    markdownTable(["tasks", "persisted", "ingest RSS (drained)", "peak RSS (VmHWM)", "tasks/s (segment)", "CPU % ingest/pg/broker/gen/others", "Flower 2.1 RSS"], rows),
  ].join("\n");
}

/** The highest step that kept up: p95 < 1 s, nothing lost, persisted ≥ 95 % of offered while publishing. */
function bestStep(phase: StepsPhaseResult | null): StepResult | undefined {
  const ok = (phase?.steps ?? []).filter(
    (step) => step.lagMs.p95 !== null && step.lagMs.p95 < TARGETS.p95LagMs && step.lost === 0 && step.persistedTasksPerSec >= 0.95 * step.offeredTasksPerSec,
  );
  return ok.at(-1);
}

function stepAt(phase: StepsPhaseResult | null, rate: number): StepResult | undefined {
  return phase?.steps.find((step) => step.offeredTasksPerSec === rate);
}

export function summaryTable(results: Results): string {
  const brokers = (Object.keys(results) as BrokerKind[]).filter((broker) => results[broker] !== undefined);
  const cell = (broker: BrokerKind, pick: (result: BrokerResult) => string): string => {
    const result = results[broker];
    return result ? pick(result) : "—";
  };
  const checkpoint = (result: BrokerResult, tasks: number): string => mib(result.rss?.checkpoints.find((c) => c.tasks === tasks)?.rssMiB ?? null);
  const rows: string[][] = [
    [
      "highest step with p95 lag < 1 s, no loss",
      ...brokers.map((b) => cell(b, (r) => {
        const best = bestStep(r.steps);
        return best ? `${int(best.offeredTasksPerSec)} tasks/s (${int(best.offeredTasksPerSec * 4)} ev/s)` : "none";
      })),
      "≈ 1,000 tasks/s (4,000 ev/s)",
      "≥ 5,000 tasks/s (20,000 ev/s)",
    ],
    ...[2_000, 2_600, 5_000, 7_500].map((rate) => [
      `p95 lag at ${int(rate)} tasks/s`,
      ...brokers.map((b) => cell(b, (r) => {
        const step = stepAt(r.steps, rate);
        return step ? `${seconds(step.lagMs.p95)} (persisted ${int(step.persistedTasksPerSec)}/s)` : "not run";
      })),
      FLOWER_BASELINES.lagSecondsAt[rate] === undefined ? "—" : `≈ ${FLOWER_BASELINES.lagSecondsAt[rate]} s`,
      rate <= TARGETS.tasksPerSec ? "< 1 s" : "—",
    ]),
    [
      "sustained tasks/s (memory phase, closed loop)",
      ...brokers.map((b) => cell(b, (r) => (r.rss ? int(r.rss.overallTasksPerSec) : "not run"))),
      "—",
      "≥ 5,000",
    ],
    ...[100_000, 200_000, 500_000, 1_000_000].map((tasks) => [
      `ingest RSS after ${int(tasks)} tasks`,
      ...brokers.map((b) => cell(b, (r) => checkpoint(r, tasks))),
      FLOWER_BASELINES.rssMiBAt[tasks] === undefined ? "—" : mib(FLOWER_BASELINES.rssMiBAt[tasks] ?? null),
      tasks === 200_000 ? "—" : "< 150 MiB, flat",
    ]),
    [
      "ingest peak RSS (VmHWM) in the memory phase",
      ...brokers.map((b) => cell(b, (r) => mib(r.rss?.checkpoints.at(-1)?.peakRssMiB ?? null))),
      "—",
      "—",
    ],
    [
      "tasks lost (all steps + memory phase)",
      ...brokers.map((b) => cell(b, (r) => int((r.steps?.steps.reduce((sum, s) => sum + s.lost, 0) ?? 0) + (r.rss?.lost ?? 0)))),
      "—",
      "0 on RabbitMQ",
    ],
  ];
  return [
    "### Bloom vs Flower 2.1 (Flower figures: the issue's baselines on Redis, same 2-core machine)",
    "",
    markdownTable(["", ...brokers.map((b) => `Bloom, ${BROKER_TITLE[b]}`), "Flower 2.1 (Redis)", "target"], rows),
  ].join("\n");
}
