import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { DEFAULT_HEALTH_THRESHOLDS, loadHealthThresholds } from "./health-thresholds";

describe("loadHealthThresholds", () => {
  it("uses the documented defaults when nothing is set (blank counts as unset)", () => {
    expect(loadHealthThresholds({})).toEqual(DEFAULT_HEALTH_THRESHOLDS);
    expect(loadHealthThresholds({ BLOOM_HEALTH_QUEUE_LENGTH_WARNING: " " })).toEqual(DEFAULT_HEALTH_THRESHOLDS);
  });

  it("reads overrides, with binary units for memory", () => {
    const t = loadHealthThresholds({
      BLOOM_HEALTH_SUCCESS_RATE_WARNING: "99",
      BLOOM_HEALTH_SUCCESS_RATE_CRITICAL: "97.5",
      BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL: "500",
      BLOOM_HEALTH_WORKER_MEMORY_WARNING: "512MB",
      BLOOM_HEALTH_WORKER_MEMORY_CRITICAL: "1.5 GiB",
    });
    expect(t.successRate).toEqual({ warning: 99, critical: 97.5 });
    expect(t.queueLength).toEqual({ warning: 10, critical: 500 });
    expect(t.workerMemory).toEqual({ warning: 512 * 1024 ** 2, critical: 1.5 * 1024 ** 3 });
  });

  it("names the setting at fault", () => {
    expect(() => loadHealthThresholds({ BLOOM_HEALTH_TASK_TIME_WARNING: "soon" })).toThrow(/BLOOM_HEALTH_TASK_TIME_WARNING: must be a number/);
    expect(() => loadHealthThresholds({ BLOOM_HEALTH_WORKER_CPU_CRITICAL: "150" })).toThrow(/percentage/);
    expect(() => loadHealthThresholds({ BLOOM_HEALTH_WORKER_MEMORY_WARNING: "lots" })).toThrow(ConfigError);
  });

  it("refuses a critical threshold on the healthy side of the warning one", () => {
    expect(() => loadHealthThresholds({ BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL: "5" })).toThrow(/BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL: must be at least/);
    expect(() => loadHealthThresholds({ BLOOM_HEALTH_SUCCESS_RATE_CRITICAL: "96" })).toThrow(/BLOOM_HEALTH_SUCCESS_RATE_CRITICAL: must be at most/);
  });
});
