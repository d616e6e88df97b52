import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { flowerEnvSynonyms } from "./flower-options";
import { validateStartupSettings } from "./startup-validation";
import { loadSettings } from "./settings";
import { sourceReader, SOURCES_ENV, encodeSources, effectiveRaw } from "./setting-sources";

function problemOf(env: Record<string, string>): string {
  try {
    validateStartupSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("settings that came with Flower's options", () => {
  it("has Flower's defaults", () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({ urlPrefix: "", brokerApiUrl: undefined, inspectTimeoutMs: 1000, naturalTime: false, readOnly: false });
    expect(settings.tasksColumns).toEqual(["name", "uuid", "state", "args", "kwargs", "result", "received", "started", "runtime", "worker"]);
    expect(settings.taskRuntimeMetricBuckets).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
  });

  it("normalises the URL prefix and refuses what is not a path", () => {
    for (const [given, expected] of [["flower", "/flower"], ["/flower/", "/flower"], ["ops/flower", "/ops/flower"], ["/", ""], ["", ""]] as const) {
      expect(loadSettings({ BLOOM_URL_PREFIX: given }).urlPrefix).toBe(expected);
    }
    for (const bad of ["a b", "../x", "x/../y", "a?b", "http://x/y", "a//b"]) {
      expect(problemOf({ BLOOM_URL_PREFIX: bad }), bad).toMatch(/^BLOOM_URL_PREFIX: must be a URL path/);
    }
  });

  it("reads tasks columns and metric buckets as Flower writes them", () => {
    expect(loadSettings({ BLOOM_TASKS_COLUMNS: " name, state ,name,eta" }).tasksColumns).toEqual(["name", "state", "eta"]);
    expect(problemOf({ BLOOM_TASKS_COLUMNS: "," })).toMatch(/^BLOOM_TASKS_COLUMNS: must be a comma-separated list of name, uuid/);
    expect(loadSettings({ BLOOM_TASK_RUNTIME_METRIC_BUCKETS: "1,5,10,inf" }).taskRuntimeMetricBuckets).toEqual([1, 5, 10]);
    for (const bad of ["inf", "1,1", "0,1", "-1", "a", "1,NaN"]) expect(problemOf({ BLOOM_TASK_RUNTIME_METRIC_BUCKETS: bad }), bad).toMatch(/must be increasing positive/);
  });

  it("takes the rest from Bloom's or Flower's variables", () => {
    const settings = loadSettings({ FLOWER_BROKER_API: "http://g:g@r:15672/api/", FLOWER_NATURAL_TIME: "True", FLOWER_READ_ONLY: "yes", FLOWER_INSPECT_TIMEOUT: "2500.5", FLOWER_URL_PREFIX: "f" });
    expect(settings).toMatchObject({ brokerApiUrl: "http://g:g@r:15672/api/", naturalTime: true, readOnly: true, inspectTimeoutMs: 2500.5, urlPrefix: "/f" });
    expect(loadSettings({ FLOWER_NATURAL_TIME: "true", BLOOM_NATURAL_TIME: "false" }).naturalTime).toBe(false);
    expect(problemOf({ BLOOM_INSPECT_TIMEOUT: "soon" })).toBe("BLOOM_INSPECT_TIMEOUT: must be a number of milliseconds");
  });

  it("keeps the Flower variables it honoured before", () => {
    const synonyms = flowerEnvSynonyms();
    for (const pair of [["FLOWER_MAX_TASKS", "BLOOM_MAX_TASKS"], ["FLOWER_ENABLE_EVENTS", "BLOOM_ENABLE_EVENTS"], ["FLOWER_PORT", "BLOOM_PORT"], ["FLOWER_ADDRESS", "BLOOM_ADDRESS"], ["FLOWER_BROKER", "CELERY_BROKER_URL"]]) {
      expect(synonyms).toContainEqual(pair);
    }
    // converted ones need the CLI: FLOWER_DEBUG=true is not a log level
    expect(synonyms.map(([flower]) => flower)).not.toContain("FLOWER_DEBUG");
    // the sign-in code reads its own list; only `bloom` translates FLOWER_COOKIE_SECRET
    expect(synonyms.map(([flower]) => flower)).not.toContain("FLOWER_COOKIE_SECRET");
  });

  it("validates BLOOM_HEALTH_* at start-up too", () => {
    expect(problemOf({ BLOOM_HEALTH_WORKER_MEMORY_WARNING: "lots" })).toMatch(/^BLOOM_HEALTH_WORKER_MEMORY_WARNING: must be a size/);
    expect(problemOf({ BLOOM_HEALTH_TASK_TIME_WARNING: "10", BLOOM_HEALTH_TASK_TIME_CRITICAL: "5" })).toMatch(/^BLOOM_HEALTH_TASK_TIME_CRITICAL: must be at least/);
  });
});

describe("setting sources", () => {
  it("uses the CLI's record, else the environment, else the default", () => {
    const env = {
      [SOURCES_ENV]: encodeSources({ BLOOM_PORT: { kind: "cli", from: "--port" }, BLOOM_MAX_TASKS: { kind: "conf", from: "f.py:2 max_tasks" } }),
      BLOOM_PORT: "5600",
      BLOOM_MAX_TASKS: "5",
      FLOWER_NATURAL_TIME: "true",
      PORT: "1",
      LOG_LEVEL: " ",
    };
    const sourceOf = sourceReader(env);
    expect(sourceOf("BLOOM_PORT")).toEqual({ kind: "cli", from: "--port" });
    expect(sourceOf("BLOOM_MAX_TASKS")).toEqual({ kind: "conf", from: "f.py:2 max_tasks" });
    expect(sourceOf("BLOOM_NATURAL_TIME")).toEqual({ kind: "env", from: "FLOWER_NATURAL_TIME" });
    expect(sourceOf("LOG_LEVEL")).toEqual({ kind: "default" });
    expect(sourceReader({ PORT: "1" })("BLOOM_PORT")).toEqual({ kind: "env", from: "PORT" });
    expect(effectiveRaw("BLOOM_NATURAL_TIME", env)).toBe("true");
  });

  it("ignores a malformed record rather than trusting it", () => {
    for (const bad of ["{", "[]", JSON.stringify({ BLOOM_PORT: { kind: "root", from: "x" } }), JSON.stringify({ "bad name": { kind: "cli", from: "x" } })]) {
      expect(sourceReader({ [SOURCES_ENV]: bad, BLOOM_PORT: "1" })("BLOOM_PORT")).toEqual({ kind: "env", from: "BLOOM_PORT" });
    }
  });
});
