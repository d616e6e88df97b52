import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PeriodicTask } from "./periodic-task";

const log = pino({ level: "silent" });

describe("PeriodicTask", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs every interval, counted from the end of the previous run, never overlapping", async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const task = new PeriodicTask({ name: "t", intervalMs: 100, log }, async () => {
      starts.push(Date.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 250));
      inFlight -= 1;
    });
    const t0 = Date.now();
    task.start();
    // runs: 100–350, 450–700, 800–1050; the next would start at 1150
    await vi.advanceTimersByTimeAsync(1_100);
    await task.stop();
    expect(starts.map((at) => at - t0)).toEqual([100, 450, 800]);
    expect(maxInFlight).toBe(1);
  });

  it("keeps its schedule after a failing run", async () => {
    let runs = 0;
    const task = new PeriodicTask({ name: "t", intervalMs: 100, firstRunMs: 0, log }, async () => {
      runs += 1;
      throw new Error("broker down");
    });
    task.start();
    await vi.advanceTimersByTimeAsync(350);
    await task.stop();
    expect(runs).toBe(4);
  });

  it("stop() aborts the run in flight, waits for it and prevents further runs", async () => {
    let aborted = false;
    let runs = 0;
    const task = new PeriodicTask({ name: "t", intervalMs: 100, firstRunMs: 0, log }, async (signal) => {
      runs += 1;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      aborted = signal.aborted;
    });
    task.start();
    await vi.advanceTimersByTimeAsync(10);
    await task.stop();
    expect(aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    await task.runNow();
    expect(runs).toBe(1);
  });
});
