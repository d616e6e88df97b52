import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./default-rules";
import { observe } from "./observe";
import type { AlertRule } from "./rule-schema";
import type { SignalSnapshot } from "./signals";

const NOW = 1_800_000_000_000;

function ruleFor(id: string, overrides: Partial<AlertRule> = {}): AlertRule {
  const found = DEFAULT_RULES.find((rule) => rule.id === id);
  if (!found) throw new Error(`no default rule ${id}`);
  return { ...found.rule, id, builtin: true, silencedUntil: null, silencedBy: null, silenceReason: null, updatedAt: NOW, updatedBy: null, ...overrides } as AlertRule;
}

const empty: SignalSnapshot = { now: NOW, workers: [], queues: [], broker: null, rollups: new Map(), silence: new Map(), beat: null };

describe("observe", () => {
  it("workers online: counts the matching online workers, names the offline ones, and has no value before any worker is seen", () => {
    const rule = ruleFor("workers-offline");
    expect(observe(rule, empty).value).toBeNull();
    const snapshot = {
      ...empty,
      workers: [
        { hostname: "w1@a", online: false, cpuPercent: null, memoryBytes: null },
        { hostname: "w2@a", online: false, cpuPercent: null, memoryBytes: null },
        { hostname: "beat@b", online: true, cpuPercent: null, memoryBytes: null },
      ],
    };
    expect(observe(rule, snapshot)).toMatchObject({ value: 1, summary: "1 of 3 workers online" });
    const scoped = observe({ ...rule, workerPattern: "w*@a" }, snapshot);
    expect(scoped).toMatchObject({ value: 0, subjects: [{ name: "w1@a", value: "offline" }, { name: "w2@a", value: "offline" }] });
  });

  it("failure rate: failed share of finished tasks in the window's rollups, scoped by task name, none below the minimum count", () => {
    const rule = ruleFor("failure-rate", { minTasks: 10 });
    const rows = [
      { name: "app.fail", state: "FAILURE", count: 6, runtimeSum: 0 },
      { name: "app.ok", state: "SUCCESS", count: 14, runtimeSum: 7 },
      { name: "app.ok", state: "RETRY", count: 3, runtimeSum: 0 },
      { name: "other.x", state: "FAILURE", count: 100, runtimeSum: 0 },
    ];
    const snapshot = { ...empty, rollups: new Map([[300, rows]]) };
    const scoped = observe({ ...rule, taskPattern: "app.*" }, snapshot);
    expect(scoped.value).toBeCloseTo(30);
    expect(scoped.subjects[0]).toEqual({ name: "app.fail", value: "100% (6 failed of 6)" });
    expect(observe({ ...rule, taskPattern: "app.ok" }, snapshot).value).toBe(0);
    expect(observe({ ...rule, taskPattern: "app.fail" }, snapshot)).toMatchObject({ value: null, summary: expect.stringContaining("at least 10 needed") });
    // another window's rollups are not this rule's
    expect(observe({ ...rule, windowSeconds: 600 }, snapshot).value).toBeNull();
  });

  it("retry rate and average runtime read the same rollups", () => {
    const rows = [
      { name: "a", state: "SUCCESS", count: 18, runtimeSum: 360 },
      { name: "a", state: "FAILURE", count: 1, runtimeSum: 0 },
      { name: "a", state: "RETRY", count: 1, runtimeSum: 0 },
    ];
    const snapshot = { ...empty, rollups: new Map([[300, rows]]) };
    expect(observe(ruleFor("retry-rate"), snapshot).value).toBeCloseTo(5);
    expect(observe(ruleFor("avg-runtime"), snapshot).value).toBeCloseTo(20);
  });

  it("queue depth: the deepest matching queue", () => {
    const snapshot = { ...empty, queues: [{ queue: "celery", depth: 3 }, { queue: "io", depth: 70 }, { queue: "reports", depth: 12 }] };
    expect(observe(ruleFor("queue-depth-critical"), snapshot)).toMatchObject({ value: 70, summary: "io has 70 waiting messages" });
    expect(observe(ruleFor("queue-depth-critical", { queuePattern: "celery, rep*" }), snapshot).value).toBe(12);
    expect(observe(ruleFor("queue-depth-critical", { queuePattern: "none" }), snapshot).value).toBeNull();
  });

  it("worker CPU and memory: the highest among online workers that reported, memory in MiB", () => {
    const snapshot = {
      ...empty,
      workers: [
        { hostname: "a", online: true, cpuPercent: 85, memoryBytes: 2048 * 1024 * 1024 },
        { hostname: "b", online: false, cpuPercent: 99, memoryBytes: 4096 * 1024 * 1024 },
        { hostname: "c", online: true, cpuPercent: null, memoryBytes: null },
      ],
    };
    expect(observe(ruleFor("worker-cpu"), snapshot).value).toBe(85);
    expect(observe(ruleFor("worker-memory"), snapshot).value).toBe(2048);
  });

  it("broker unavailable: 1 while not connected, nothing when no ingest process reports", () => {
    const rule = ruleFor("broker-unavailable");
    expect(observe(rule, empty).value).toBeNull();
    expect(observe(rule, { ...empty, broker: { state: "connected", error: null } }).value).toBe(0);
    expect(observe(rule, { ...empty, broker: { state: "disconnected", error: "ECONNREFUSED" } })).toMatchObject({ value: 1, summary: "broker disconnected: ECONNREFUSED" });
  });

  it("beat stopped: the Beat page's verdict, no value until a periodic task has run or when it cannot be read", () => {
    const rule = ruleFor("beat-stopped");
    const beat = (state: "running" | "degraded" | "stopped" | "not-seen" | "none") => observe(rule, { ...empty, beat: { state, missing: 0, judged: 2, message: state } }).value;
    expect(beat("stopped")).toBe(1);
    expect(beat("degraded")).toBe(0);
    expect(beat("running")).toBe(0);
    expect(beat("not-seen")).toBeNull();
    expect(beat("none")).toBeNull();
    expect(observe(rule, empty).value).toBeNull();
  });

  it("task silence: seconds since the last matching task, the lookback when none in it, nothing for a task never seen", () => {
    const rule = { ...ruleFor("beat-stopped"), metric: "task_silence" as const, threshold: 900, taskPattern: "app.nightly" };
    const at = (signal: { lastSeenAt: number | null; everSeen: boolean }) => observe(rule, { ...empty, silence: new Map([[rule.id, { ...signal, lookbackSeconds: 3600 }]]) }).value;
    expect(at({ lastSeenAt: NOW - 90_000, everSeen: true })).toBe(90);
    expect(at({ lastSeenAt: null, everSeen: true })).toBe(3600);
    expect(at({ lastSeenAt: null, everSeen: false })).toBeNull();
  });
});
