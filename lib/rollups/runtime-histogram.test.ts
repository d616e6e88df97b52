import { describe, expect, it } from "vitest";
import { HISTOGRAM_SIZE, addHistograms, bucketIndex, emptyHistogram, histogramQuantile } from "./runtime-histogram";

describe("runtime histogram", () => {
  it("puts a runtime in the first bucket whose upper bound holds it", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(0.005)).toBe(0);
    expect(bucketIndex(0.006)).toBe(1);
    expect(bucketIndex(1)).toBe(7);
    expect(bucketIndex(99_999)).toBe(HISTOGRAM_SIZE - 1);
  });

  it("adds bucket by bucket, tolerating shorter arrays", () => {
    const a = emptyHistogram();
    a[2] = 3;
    expect(addHistograms(a, [1, 1])).toEqual([1, 1, 3, ...new Array<number>(HISTOGRAM_SIZE - 3).fill(0)]);
  });

  it("estimates quantiles from bucket counts", () => {
    const h = emptyHistogram();
    for (let i = 0; i < 95; i++) h[bucketIndex(0.02)]! += 1;
    for (let i = 0; i < 5; i++) h[bucketIndex(8)]! += 1;
    expect(histogramQuantile(h, 0.5)).toBe(0.025);
    expect(histogramQuantile(h, 0.95)).toBe(0.025);
    expect(histogramQuantile(h, 0.96)).toBe(10);
    expect(histogramQuantile(emptyHistogram(), 0.95)).toBeNull();
  });
});
