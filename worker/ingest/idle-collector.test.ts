import { describe, expect, it } from "vitest";
import { IdleCollector } from "./idle-collector";

describe("IdleCollector", () => {
  it("collects once a burst has been written, then not again until more was written and time passed", () => {
    let now = 1_000_000;
    let collections = 0;
    const collector = new IdleCollector(() => collections++, { minEvents: 100, minIntervalMs: 10_000 }, () => now);

    collector.noteWritten(99);
    expect(collector.onIdle()).toBe(false);
    collector.noteWritten(1);
    expect(collector.onIdle()).toBe(true);
    expect(collections).toBe(1);

    collector.noteWritten(500);
    now += 9_999;
    expect(collector.onIdle()).toBe(false);
    now += 1;
    expect(collector.onIdle()).toBe(true);
    expect(collector.onIdle()).toBe(false);
    expect(collections).toBe(2);
  });

  it("does nothing without an exposed collector", () => {
    const collector = new IdleCollector(undefined, { minEvents: 1, minIntervalMs: 0 });
    collector.noteWritten(10);
    expect(collector.onIdle()).toBe(false);
  });
});
