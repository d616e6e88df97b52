import { describe, expect, it } from "vitest";
import { buildSeries, perMinute, summarizeByName, summarizeRollups, type RollupBucketRow } from "./rollup-aggregation";
import { bucketIndex, emptyHistogram } from "./runtime-histogram";

/** A histogram holding the given runtimes, as the ingest rollups count them. */
function histogramOf(...runtimes: number[]): number[] {
  const histogram = emptyHistogram();
  for (const runtime of runtimes) histogram[bucketIndex(runtime)]! += 1;
  return histogram;
}

const success = (count: number, runtimes: number[], bucketStart = 0): RollupBucketRow => ({
  bucketStart,
  state: "SUCCESS",
  count,
  runtimeSum: runtimes.reduce((a, b) => a + b, 0),
  histogram: histogramOf(...runtimes),
});
const other = (state: string, count: number, bucketStart = 0): RollupBucketRow => ({ bucketStart, state, count, runtimeSum: 0, histogram: emptyHistogram() });

describe("summarizeRollups", () => {
  it("counts finished tasks, the success rate and runtimes of successful tasks only", () => {
    const runtimes = [0.004, 0.004, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 3];
    const summary = summarizeRollups([success(10, runtimes), other("FAILURE", 2), other("RETRY", 3), other("RECEIVED", 15), other("STARTED", 15)]);
    expect(summary).toMatchObject({ succeeded: 10, failed: 2, retried: 3, finished: 12 });
    expect(summary.successRate).toBeCloseTo((10 / 12) * 100);
    expect(summary.avgRuntime).toBeCloseTo(runtimes.reduce((a, b) => a + b, 0) / 10);
    expect(summary.p50Runtime).toBe(0.25); // the bucket holding the median (0.1 < 0.2 <= 0.25)
    expect(summary.p95Runtime).toBe(5);
  });

  it("has no rate or runtimes when nothing finished", () => {
    expect(summarizeRollups([other("RECEIVED", 4)])).toEqual({
      succeeded: 0,
      failed: 0,
      retried: 0,
      finished: 0,
      successRate: null,
      avgRuntime: null,
      p50Runtime: null,
      p95Runtime: null,
    });
  });

  it("averages over the runtimes reported, not over every success event", () => {
    // A task-succeeded without runtime counts as a success but not in the average.
    expect(summarizeRollups([{ state: "SUCCESS", count: 3, runtimeSum: 2, histogram: histogramOf(1, 1) }]).avgRuntime).toBe(1);
  });
});

describe("buildSeries", () => {
  it("fills every bucket, zero where nothing happened, with throughput per minute", () => {
    const starts = [0, 900_000, 1_800_000];
    const series = buildSeries([success(30, [1], 0), other("FAILURE", 15, 0), other("FAILURE", 3, 1_800_000)], starts, 900);
    expect(series.map((p) => [p.t, p.succeeded, p.failed, p.throughput])).toEqual([
      [0, 30, 15, 3],
      [900_000, 0, 0, 0],
      [1_800_000, 0, 3, 0.2],
    ]);
    expect(series[0]?.p95).toBe(1);
    expect(series[1]?.p50).toBeNull();
  });

  it("ignores rows outside the requested buckets", () => {
    expect(buildSeries([success(1, [1], 42)], [0], 60)).toEqual([{ t: 0, succeeded: 0, failed: 0, throughput: 0, p50: null, p95: null }]);
  });
});

describe("summarizeByName", () => {
  it("summarises each task name and puts the busiest first", () => {
    const rows = [
      { ...success(2, [0.5, 0.5]), name: "app.add" },
      { ...other("FAILURE", 5), name: "app.fail" },
      { ...other("RECEIVED", 9), name: "app.slow" },
      { ...other("FAILURE", 1), name: "app.add" },
    ];
    const out = summarizeByName(rows);
    expect(out.map((row) => [row.name, row.finished, row.successRate])).toEqual([
      ["app.fail", 5, 0],
      ["app.add", 3, (2 / 3) * 100],
      ["app.slow", 0, null],
    ]);
    expect(out[1]?.avgRuntime).toBe(0.5);
  });
});

describe("perMinute", () => {
  it("divides by the elapsed minutes", () => {
    expect(perMinute(30, 15 * 60_000)).toBe(2);
    expect(perMinute(3, 0)).toBeNull();
  });
});
