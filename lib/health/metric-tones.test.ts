import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_THRESHOLDS as T } from "@/lib/config/health-thresholds";
import {
  brokerTone,
  queueLengthTone,
  successRateTone,
  taskTimeTone,
  workerCpuTone,
  workerMemoryTone,
  workersOnlineTone,
} from "./metric-tones";
import { worstTone } from "./tone";

const GIB = 1024 ** 3;

describe("badge tones at the documented boundaries", () => {
  it("success rate: > 95 healthy, 90–95 warning, < 90 critical", () => {
    expect(successRateTone(99.9, T)).toBe("healthy");
    expect(successRateTone(95.01, T)).toBe("healthy");
    expect(successRateTone(95, T)).toBe("warning");
    expect(successRateTone(90, T)).toBe("warning");
    expect(successRateTone(89.99, T)).toBe("critical");
    expect(successRateTone(null, T)).toBeNull();
  });

  it("queue length: < 10 healthy, 10–50 warning, > 50 critical", () => {
    expect(queueLengthTone(0, T)).toBe("healthy");
    expect(queueLengthTone(9, T)).toBe("healthy");
    expect(queueLengthTone(10, T)).toBe("warning");
    expect(queueLengthTone(50, T)).toBe("warning");
    expect(queueLengthTone(51, T)).toBe("critical");
    expect(queueLengthTone(null, T)).toBeNull();
  });

  it("average task time: < 5 s healthy, 5–10 s warning, > 10 s critical", () => {
    expect(taskTimeTone(4.99, T)).toBe("healthy");
    expect(taskTimeTone(5, T)).toBe("warning");
    expect(taskTimeTone(10, T)).toBe("warning");
    expect(taskTimeTone(10.01, T)).toBe("critical");
  });

  it("worker CPU: < 70 % healthy, 70–85 % warning, > 85 % critical", () => {
    expect(workerCpuTone(69.9, T)).toBe("healthy");
    expect(workerCpuTone(70, T)).toBe("warning");
    expect(workerCpuTone(85, T)).toBe("warning");
    expect(workerCpuTone(85.1, T)).toBe("critical");
  });

  it("worker memory: < 1 GB healthy, 1–2 GB warning, > 2 GB critical", () => {
    expect(workerMemoryTone(GIB - 1, T)).toBe("healthy");
    expect(workerMemoryTone(GIB, T)).toBe("warning");
    expect(workerMemoryTone(2 * GIB, T)).toBe("warning");
    expect(workerMemoryTone(2 * GIB + 1, T)).toBe("critical");
    expect(workerMemoryTone(null, T)).toBeNull();
  });

  it("all workers offline is critical, some offline a warning, none known is not judged", () => {
    expect(workersOnlineTone(0, 3)).toBe("critical");
    expect(workersOnlineTone(2, 3)).toBe("warning");
    expect(workersOnlineTone(3, 3)).toBe("healthy");
    expect(workersOnlineTone(0, 0)).toBeNull();
  });

  it("an unavailable broker is critical; an unwatched one too once the ingest worker went away", () => {
    expect(brokerTone("connected", "running")).toBe("healthy");
    expect(brokerTone("connecting", "running")).toBe("warning");
    expect(brokerTone("disconnected", "running")).toBe("critical");
    expect(brokerTone("unknown", "stale")).toBe("critical");
    expect(brokerTone("unknown", "never-started")).toBe("warning");
  });

  it("worstTone picks the most severe and ignores missing data", () => {
    expect(worstTone([null, "healthy", "warning"])).toBe("warning");
    expect(worstTone(["critical", "healthy"])).toBe("critical");
    expect(worstTone([null])).toBeNull();
  });
});
