import { describe, expect, it } from "vitest";
import { pickChartedQueues, pivotQueueHistory } from "./queue-history";

describe("queue history", () => {
  it("pivots points into one row per bucket, leaving unsampled buckets empty", () => {
    const rows = pivotQueueHistory(
      [
        { queue: "celery", bucketStart: 0, depth: 4 },
        { queue: "io", bucketStart: 0, depth: 0 },
        { queue: "celery", bucketStart: 120, depth: 9 },
      ],
      [0, 60, 120],
      ["celery", "io"],
    );
    expect(rows).toEqual([
      { t: 0, depths: { celery: 4, io: 0 } },
      { t: 60, depths: { celery: null, io: null } },
      { t: 120, depths: { celery: 9, io: null } },
    ]);
  });

  it("charts the deepest queues now, then the deepest over the window", () => {
    const latest = [
      { queue: "a", depth: 1 },
      { queue: "b", depth: 50 },
    ];
    const points = [
      { queue: "c", depth: 500 },
      { queue: "d", depth: 5 },
      { queue: "a", depth: 2 },
    ];
    expect(pickChartedQueues(latest, points, 3)).toEqual(["b", "a", "c"]);
  });
});
