import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { loadSettings } from "./settings";

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadSettings", () => {
  it("defaults to an embedded database and the local Redis broker", () => {
    const settings = loadSettings({});
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.brokerUrl).toBe("redis://localhost:6379/0");
    expect(settings.port).toBe(5555);
    expect(settings.address).toBe("127.0.0.1");
  });

  it("treats blank values as unset", () => {
    expect(loadSettings({ DATABASE_URL: "  ", CELERY_BROKER_URL: "" }).databaseUrl).toBeUndefined();
  });

  it("accepts Redis, Sentinel and AMQP broker URLs", () => {
    for (const url of ["redis://:pw@h:6380/2", "rediss://h:6379/0", "sentinel://h1:26379;sentinel://h2:26379", "amqp://guest:guest@h:5672//", "pyamqp://h//"]) {
      expect(loadSettings({ CELERY_BROKER_URL: url }).brokerUrl).toBe(url);
    }
  });

  it("names DATABASE_URL when it is not a PostgreSQL URL", () => {
    const error = configErrorOf({ DATABASE_URL: "mysql://root@localhost/db" });
    expect(error.setting).toBe("DATABASE_URL");
    expect(error.message).toMatch(/^DATABASE_URL: must be a URL like postgresql:\/\//);
  });

  it("names CELERY_BROKER_URL when the scheme is unknown or the URL is garbage", () => {
    expect(configErrorOf({ CELERY_BROKER_URL: "kafka://h:9092" }).setting).toBe("CELERY_BROKER_URL");
    expect(configErrorOf({ CELERY_BROKER_URL: "not a url" }).setting).toBe("CELERY_BROKER_URL");
  });

  it("rejects ports out of range or not numbers, and takes PORT as a fallback", () => {
    expect(configErrorOf({ BLOOM_PORT: "70000" }).message).toBe("BLOOM_PORT: must be between 1 and 65535");
    expect(configErrorOf({ BLOOM_PORT: "abc" }).setting).toBe("BLOOM_PORT");
    expect(loadSettings({ PORT: "8080" }).port).toBe(8080);
    expect(loadSettings({ PORT: "8080", BLOOM_PORT: "9090" }).port).toBe(9090);
  });
});

describe("retention and Flower synonyms", () => {
  it("has defaults that keep a month of tasks and three of failures", () => {
    const { retention } = loadSettings({});
    expect(retention).toEqual({ maxTasks: null, taskMaxAge: 30 * 86_400, failedTaskMaxAge: 90 * 86_400, workerOfflineMaxAge: 7 * 86_400 });
    expect(loadSettings({}).housekeeping).toEqual({ auditMaxAge: 365 * 86_400, alertHistoryMaxAge: 90 * 86_400, alertDeliveryMaxAge: 90 * 86_400 });
  });

  it("parses durations and 'off'", () => {
    const { retention } = loadSettings({ BLOOM_TASK_MAX_AGE: "12h", BLOOM_FAILED_TASK_MAX_AGE: "off", BLOOM_WORKER_OFFLINE_MAX_AGE: "90m" });
    expect(retention.taskMaxAge).toBe(43_200);
    expect(retention.failedTaskMaxAge).toBeNull();
    expect(retention.workerOfflineMaxAge).toBe(5_400);
    expect(configErrorOf({ BLOOM_TASK_MAX_AGE: "a while" }).message).toMatch(/^BLOOM_TASK_MAX_AGE: must be a duration/);
    expect(loadSettings({ BLOOM_AUDIT_MAX_AGE: "off", BLOOM_ALERT_HISTORY_MAX_AGE: "2w", BLOOM_ALERT_DELIVERY_MAX_AGE: "30d" }).housekeeping).toEqual({ auditMaxAge: null, alertHistoryMaxAge: 14 * 86_400, alertDeliveryMaxAge: 30 * 86_400 });
    expect(configErrorOf({ BLOOM_AUDIT_MAX_AGE: "forever" }).message).toMatch(/^BLOOM_AUDIT_MAX_AGE: must be a duration/);
  });

  it("honours Flower's max_tasks and enable_events, Bloom's names winning", () => {
    expect(loadSettings({ FLOWER_MAX_TASKS: "100000" }).retention.maxTasks).toBe(100_000);
    expect(loadSettings({ FLOWER_MAX_TASKS: "100000", BLOOM_MAX_TASKS: "5" }).retention.maxTasks).toBe(5);
    expect(loadSettings({ FLOWER_ENABLE_EVENTS: "false" }).enableEvents).toBe(false);
    expect(configErrorOf({ BLOOM_MAX_TASKS: "-1" }).setting).toBe("BLOOM_MAX_TASKS");
    expect(configErrorOf({ BLOOM_ENABLE_EVENTS: "maybe" }).message).toBe("BLOOM_ENABLE_EVENTS: must be true or false");
  });
});

describe("Flower's connection settings", () => {
  it("takes FLOWER_BROKER, FLOWER_PORT and FLOWER_ADDRESS when Bloom's are unset", () => {
    const settings = loadSettings({ FLOWER_BROKER: "amqp://guest@rabbit//", FLOWER_PORT: "5566", FLOWER_ADDRESS: "0.0.0.0" });
    expect(settings).toMatchObject({ brokerUrl: "amqp://guest@rabbit//", port: 5566, address: "0.0.0.0" });
    expect(loadSettings({ FLOWER_BROKER: "amqp://a//", CELERY_BROKER_URL: "redis://b:6379/0" }).brokerUrl).toBe("redis://b:6379/0");
  });
});
