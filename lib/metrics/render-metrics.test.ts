import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emptyHistogram, RUNTIME_BUCKETS } from "@/lib/rollups/runtime-histogram";
import { parsePrometheusText, PromParseError } from "./prometheus-text";
import { renderMetrics, type MetricsSnapshot } from "./render-metrics";

const flowerMetrics = z
  .object({ families: z.array(z.object({ name: z.string(), type: z.string(), help: z.string(), labels: z.array(z.string()).optional() })) })
  .parse(JSON.parse(readFileSync(new URL("../../e2e/flower-fixtures/metrics.json", import.meta.url), "utf8")));

/** prometheus_client adds *_created series of its own; they are not Flower's. */
const flowerFamilies = flowerMetrics.families.filter((family) => !family.name.endsWith("_created"));

function histogramWith(runtimes: number[]): number[] {
  const histogram = emptyHistogram();
  for (const runtime of runtimes) {
    const index = RUNTIME_BUCKETS.findIndex((bound) => runtime <= bound);
    histogram[index === -1 ? RUNTIME_BUCKETS.length : index]! += 1;
  }
  return histogram;
}

const snapshot: MetricsSnapshot = {
  eventTotals: [
    { worker: "client@host", task: "app.add", type: "task-sent", count: 3, runtimeCount: 0, runtimeSum: 0, histogram: emptyHistogram() },
    { worker: "w1@h", task: "app.add", type: "task-received", count: 3, runtimeCount: 0, runtimeSum: 0, histogram: emptyHistogram() },
    { worker: "w1@h", task: "app.add", type: "task-started", count: 3, runtimeCount: 0, runtimeSum: 0, histogram: emptyHistogram() },
    { worker: "w1@h", task: "app.add", type: "task-succeeded", count: 3, runtimeCount: 3, runtimeSum: 12.5, histogram: histogramWith([0.002, 0.5, 12]) },
    { worker: "w1@h", task: 'we"ird\\name', type: "task-failed", count: 1, runtimeCount: 0, runtimeSum: 0, histogram: emptyHistogram() },
  ],
  workers: [
    { hostname: "w1@h", online: true, active: 2 },
    { hostname: "w2@h", online: false, active: 0 },
  ],
  prefetch: [{ worker: "w1@h", task: "app.add", waiting: 4, lastPrefetchSeconds: 0.25 }],
  ingest: { lagSeconds: 0.12, processes: [{ id: "ingest-a", role: "active", eventsTotal: 1234, deadLetters: 2 }] },
  queues: [{ queue: "celery", depth: 17 }],
  taskStates: [
    { state: "FAILURE", count: 1 },
    { state: "SUCCESS", count: 3 },
  ],
};

describe("renderMetrics", async () => {
  const text = await renderMetrics(snapshot);
  const families = parsePrometheusText(text);

  it("has every Flower family with Flower's type, help and label names", () => {
    for (const flower of flowerFamilies) {
      const ours = families.get(flower.name);
      expect(ours, flower.name).toBeDefined();
      expect(ours?.type).toBe(flower.type);
      expect(ours?.help).toBe(flower.help);
      const labelNames = new Set(ours?.samples.flatMap((sample) => Object.keys(sample.labels)).filter((name) => name !== "le"));
      expect(labelNames, flower.name).toEqual(new Set(flower.labels ?? []));
    }
  });

  it("exposes stored counts and histogram buckets exactly", () => {
    const events = families.get("flower_events_total")!.samples;
    expect(events.find((sample) => sample.labels.type === "task-sent")).toEqual({ name: "flower_events_total", labels: { worker: "client@host", type: "task-sent", task: "app.add" }, value: 3 });
    expect(events.find((sample) => sample.labels.type === "task-failed")?.labels.task).toBe('we"ird\\name');
    const runtime = families.get("flower_task_runtime_seconds")!.samples;
    const bucket = (le: string) => runtime.find((sample) => sample.name.endsWith("_bucket") && sample.labels.le === le)?.value;
    expect(bucket("0.005")).toBe(1);
    expect(bucket("0.5")).toBe(2);
    expect(bucket("10")).toBe(2);
    expect(bucket("30")).toBe(3);
    expect(bucket("+Inf")).toBe(3);
    expect(runtime.find((sample) => sample.name === "flower_task_runtime_seconds_sum")?.value).toBe(12.5);
    expect(runtime.filter((sample) => sample.name.endsWith("_bucket"))).toHaveLength(RUNTIME_BUCKETS.length + 1);
  });

  it("shows waiting tasks and worker state, with zeros for pairs Flower would keep", () => {
    expect(families.get("flower_worker_prefetched_tasks")!.samples).toEqual([{ name: "flower_worker_prefetched_tasks", labels: { worker: "w1@h", task: "app.add" }, value: 4 }]);
    expect(families.get("flower_task_prefetch_time_seconds")!.samples[0]?.value).toBe(0.25);
    expect(families.get("flower_worker_online")!.samples.map((sample) => [sample.labels.worker, sample.value])).toEqual([
      ["w1@h", 1],
      ["w2@h", 0],
    ]);
    expect(families.get("flower_worker_number_of_currently_executing_tasks")!.samples[0]?.value).toBe(2);
  });

  it("adds Bloom's own families", () => {
    expect(families.get("bloom_ingest_lag_seconds")?.samples[0]?.value).toBe(0.12);
    expect(families.get("bloom_ingest_events_total")?.samples[0]).toMatchObject({ labels: { process: "ingest-a", role: "active" }, value: 1234 });
    expect(families.get("bloom_ingest_dead_letters_total")?.samples[0]?.value).toBe(2);
    expect(families.get("bloom_queue_length")?.samples[0]).toMatchObject({ labels: { queue: "celery" }, value: 17 });
    expect(families.get("bloom_tasks")?.samples.map((sample) => [sample.labels.state, sample.value])).toEqual([
      ["FAILURE", 1],
      ["SUCCESS", 3],
    ]);
  });

  it("leaves out what it does not know instead of reporting zero", async () => {
    const unknown = parsePrometheusText(await renderMetrics({ ...snapshot, ingest: { lagSeconds: null, processes: [] }, taskStates: null }));
    expect(unknown.has("bloom_ingest_lag_seconds")).toBe(false);
    expect(unknown.has("bloom_tasks")).toBe(false);
  });
});

describe("parsePrometheusText", () => {
  const ok = "# HELP m_total x\n# TYPE m_total counter\nm_total{a=\"1\"} 2\n";
  it("reads a valid exposition", () => {
    expect(parsePrometheusText(ok).get("m_total")?.samples).toEqual([{ name: "m_total", labels: { a: "1" }, value: 2 }]);
  });
  it.each([
    ["a sample without TYPE", "m 1\n"],
    ["a bad value", "# TYPE m gauge\nm abc\n"],
    ["a repeated series", "# TYPE m gauge\nm{a=\"1\"} 1\nm{a=\"1\"} 2\n"],
    ["a bad label name", "# TYPE m gauge\nm{1a=\"1\"} 1\n"],
    ["an unterminated label", "# TYPE m gauge\nm{a=\"1} 1\n"],
    ["a missing final newline", "# TYPE m gauge\nm 1"],
    ["non-cumulative buckets", "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"],
    ["+Inf differing from _count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n"],
  ])("refuses %s", (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow(PromParseError);
  });
});
