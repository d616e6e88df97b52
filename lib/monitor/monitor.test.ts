import { describe, expect, it } from "vitest";
import type { MonitorEvent } from "@/lib/services/monitor-feed";
import { describeEvent, eventSentence, matchesFilters } from "./event-line";
import { monitorQueryString, parseMonitorFilters } from "./monitor-params";
import { RateWindow } from "./rate-window";

const event = (overrides: Partial<MonitorEvent> = {}): MonitorEvent => ({
  id: "1",
  taskId: "abc123",
  type: "task-received",
  hostname: "w1@h",
  timestamp: 0,
  name: "app.send_sms",
  runtime: null,
  exception: null,
  ...overrides,
});

describe("monitor lines", () => {
  it("reads like Flower's: Task name[id] verb, with runtime or exception", () => {
    expect(eventSentence(event())).toBe("Task app.send_sms[abc123] received");
    expect(describeEvent(event({ type: "task-succeeded", runtime: 0.004 }))).toBe("succeeded in 4 ms");
    expect(describeEvent(event({ type: "task-failed", exception: "ValueError('boom')" }))).toBe("failed: ValueError('boom')");
    expect(describeEvent(event({ type: "task-progress" }))).toBe("progress");
    expect(eventSentence(event({ name: null }))).toBe("Task ?[abc123] received");
  });

  it("keeps markup as text (React escapes it; the sentence carries it unchanged)", () => {
    expect(eventSentence(event({ name: "<img src=x onerror=alert(1)>" }))).toContain("<img src=x onerror=alert(1)>");
  });

  it("filters by type, worker and part of the name", () => {
    const filters = { type: "task-failed", name: "SMS", worker: "w1@h" };
    expect(matchesFilters(event({ type: "task-failed" }), filters)).toBe(true);
    expect(matchesFilters(event(), filters)).toBe(false);
    expect(matchesFilters(event(), filters, { ignoreType: true })).toBe(true);
    expect(matchesFilters(event({ type: "task-failed", hostname: "w2@h" }), filters)).toBe(false);
    expect(matchesFilters(event({ type: "task-failed", name: "app.add" }), filters)).toBe(false);
  });

  it("reads filters from the URL, dropping nonsense", () => {
    expect(parseMonitorFilters({ type: "task-failed", name: " add ", worker: ["w1@h", "x"] })).toEqual({ type: "task-failed", name: "add", worker: "w1@h" });
    expect(parseMonitorFilters({ type: "<script>", name: "" })).toEqual({ type: null, name: null, worker: null });
    expect(monitorQueryString({ type: "task-failed", name: null, worker: "w1@h" })).toBe("?type=task-failed&worker=w1%40h");
    expect(monitorQueryString({ type: null, name: null, worker: null })).toBe("");
  });
});

describe("RateWindow", () => {
  it("counts succeeded and failed per second of arrival over the last minute", () => {
    const rates = new RateWindow();
    rates.add("task-succeeded", 10_100);
    rates.add("task-succeeded", 10_900);
    rates.add("task-failed", 11_000);
    rates.add("task-received", 11_000);
    const points = rates.points(12_500, 3);
    expect(points).toEqual([
      { t: 10_000, succeeded: 2, failed: 0 },
      { t: 11_000, succeeded: 0, failed: 1 },
      { t: 12_000, succeeded: 0, failed: 0 },
    ]);
    expect(rates.points(200_000, 60).every((p) => p.succeeded === 0 && p.failed === 0)).toBe(true);
  });
});
