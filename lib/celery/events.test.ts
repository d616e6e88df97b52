import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { readOnePerType } from "./__fixtures__/fixtures";
import { decodeEnvelope } from "./envelope";
import {
  COMMON_EVENT_FIELDS,
  EVENT_FIELDS,
  EVENT_LIMITS,
  eventTimestamp,
  isTaskEvent,
  isWorkerEvent,
  parseEventBody,
  type EventRejectReason,
} from "./events";
import { localUtcOffsetHours } from "./utc-offset";

const base = { hostname: "w1@vm", utcoffset: 0, pid: 10741, clock: 7, timestamp: 1795362139.0753539 };
const received = {
  ...base,
  type: "task-received",
  uuid: "fe065a37-434e-4457-ad83-eb3936f0f935",
  name: "celery_app.app.fail",
  args: "()",
  kwargs: "{'msg': 'load.py failure'}",
  root_id: "fe065a37-434e-4457-ad83-eb3936f0f935",
  parent_id: null,
  retries: 0,
  eta: null,
  expires: null,
};
const heartbeat = {
  ...base,
  type: "worker-heartbeat",
  freq: 2.0,
  active: 0,
  processed: 0,
  loadavg: [0.98, 1.45, 1.3],
  sw_ident: "py-celery",
  sw_ver: "5.2.6",
  sw_sys: "Linux",
};

function rejectionOf(item: unknown): { reason: EventRejectReason; detail: string } {
  const parsed = parseEventBody([item]);
  expect(parsed.events).toHaveLength(0);
  expect(parsed.rejected).toHaveLength(1);
  const [rejected] = parsed.rejected;
  if (!rejected) throw new Error("no rejection");
  expect(rejected.item).toBe(item);
  return rejected;
}

describe("parseEventBody on captured events", () => {
  const samples = readOnePerType();

  it.each(Object.entries(samples))("%s: decodes and validates unchanged", (type, sample) => {
    const envelope = decodeEnvelope(sample.envelope_raw);
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.routingKey).toBe(sample.routing_key);
    expect(Array.isArray(envelope.body)).toBe(sample.body_is_list);
    const parsed = parseEventBody(envelope.body);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.adjusted).toEqual([]);
    const event = parsed.events.find((e) => e.type === type);
    expect(event).toEqual(sample.event);
  });

  it("documents exactly the fields Celery 5.2 sends for each type", () => {
    for (const [type, sample] of Object.entries(samples)) {
      const documented = EVENT_FIELDS[type as keyof typeof EVENT_FIELDS];
      expect(documented, type).toBeDefined();
      expect(Object.keys(sample.event).sort(), type).toEqual([...COMMON_EVENT_FIELDS, ...documented].sort());
    }
  });

  it("tells task events from worker events", () => {
    const parsed = parseEventBody([received, heartbeat]);
    const [task, worker] = parsed.events;
    expect(task && isTaskEvent(task)).toBe(true);
    expect(task && isWorkerEvent(task)).toBe(false);
    expect(worker && isWorkerEvent(worker)).toBe(true);
  });
});

describe("parseEventBody validation", () => {
  it("accepts a single object and a task.multi list", () => {
    expect(parseEventBody(received).events).toHaveLength(1);
    expect(parseEventBody([received, { ...received, type: "task-started", clock: 9 }]).events).toHaveLength(2);
    expect(parseEventBody([])).toEqual({ events: [], rejected: [], adjusted: [] });
  });

  it("keeps good neighbours of a bad item, with the bad item's index", () => {
    const parsed = parseEventBody([received, { ...received, clock: -1 }, heartbeat]);
    expect(parsed.events.map((e) => e.type)).toEqual(["task-received", "worker-heartbeat"]);
    expect(parsed.rejected).toMatchObject([{ reason: "invalid_field", index: 1 }]);
  });

  it.each([[42], ["task-sent"], [null], [true]])("rejects a body that is neither object nor list: %j", (body) => {
    const parsed = parseEventBody(body);
    expect(parsed.events).toEqual([]);
    expect(parsed.rejected).toMatchObject([{ reason: "not_an_event_body", item: body }]);
  });

  it.each<[string, unknown, EventRejectReason]>([
    ["a number", 5, "not_an_object"],
    ["a string", "task-sent", "not_an_object"],
    ["null", null, "not_an_object"],
    ["a nested list", [received], "not_an_object"],
    ["missing type", { ...base, uuid: "u" }, "missing_type"],
    ["numeric type", { ...received, type: 5 }, "invalid_type"],
    ["null type", { ...received, type: null }, "invalid_type"],
    ["empty type", { ...received, type: "" }, "invalid_type"],
    ["type without subject", { ...received, type: "task-" }, "invalid_type"],
    ["type with spaces", { ...received, type: "task-a b" }, "invalid_type"],
    ["overlong type", { ...received, type: `task-${"x".repeat(200)}` }, "invalid_type"],
    ["another group", { ...received, type: "foo-bar" }, "unsupported_type"],
    ["missing uuid", { ...received, uuid: undefined }, "missing_field"],
    ["missing hostname", { ...heartbeat, hostname: undefined }, "missing_field"],
    ["missing timestamp", { ...heartbeat, timestamp: undefined }, "missing_field"],
    ["empty uuid", { ...received, uuid: "" }, "invalid_field"],
    ["numeric uuid", { ...received, uuid: 12 }, "invalid_field"],
    ["overlong uuid", { ...received, uuid: "u".repeat(300) }, "invalid_field"],
    ["string timestamp", { ...received, timestamp: "1795362139.07" }, "invalid_field"],
    ["negative timestamp", { ...received, timestamp: -1 }, "invalid_field"],
    ["absurd timestamp", { ...received, timestamp: 1e300 }, "invalid_field"],
    ["null timestamp", { ...received, timestamp: null }, "invalid_field"],
    ["negative clock", { ...received, clock: -1 }, "invalid_field"],
    ["fractional clock", { ...received, clock: 1.5 }, "invalid_field"],
    ["clock beyond 2^53", { ...received, clock: 2 ** 53 }, "invalid_field"],
    ["string clock", { ...received, clock: "7" }, "invalid_field"],
    ["utcoffset out of range", { ...received, utcoffset: 99 }, "invalid_field"],
    ["args as a JSON list", { ...received, args: [1, 2] }, "invalid_field"],
    ["retries as a string", { ...received, retries: "1" }, "invalid_field"],
    ["negative retries", { ...received, retries: -1 }, "invalid_field"],
    ["runtime as a string", { ...received, type: "task-succeeded", runtime: "0.1" }, "invalid_field"],
    ["terminated as a string", { ...received, type: "task-revoked", terminated: "no" }, "invalid_field"],
    ["freq negative", { ...heartbeat, freq: -2 }, "invalid_field"],
    ["loadavg of strings", { ...heartbeat, loadavg: ["1"] }, "invalid_field"],
    ["processed fractional", { ...heartbeat, processed: 1.5 }, "invalid_field"],
    ["NUL in hostname", { ...received, hostname: "w1\u0000@vm" }, "invalid_field"],
    ["lone surrogate in uuid", { ...received, uuid: "abc\ud800" }, "invalid_field"],
    ["lone low surrogate in task name", { ...received, name: "\udc00tasks.add" }, "invalid_field"],
  ])("rejects %s", (_name, item, reason) => {
    const rejected = rejectionOf(item);
    expect(rejected.reason).toBe(reason);
    expect(rejected.detail.length).toBeGreaterThan(0);
  });

  it("treats a missing or null clock as 0 (no logical clock)", () => {
    const { clock: _clock, ...noClock } = received;
    expect(parseEventBody(noClock).events[0]?.clock).toBe(0);
    expect(parseEventBody({ ...received, clock: null }).events[0]?.clock).toBe(0);
  });

  it("accepts the null values Celery sends", () => {
    const parsed = parseEventBody({ ...received, utcoffset: null, pid: null, name: null, eta: null });
    expect(parsed.rejected).toEqual([]);
  });

  it("keeps unknown fields (custom events, newer Celery)", () => {
    const custom = { ...base, type: "task-progress", uuid: "u1", progress: { done: 3, total: 10 }, note: "🌸" };
    const parsed = parseEventBody(custom);
    expect(parsed.events).toEqual([custom]);
  });

  it("bounds the number of events per body", () => {
    const parsed = parseEventBody([received, received, received], { maxEvents: 2 });
    expect(parsed.events).toHaveLength(2);
    expect(parsed.rejected).toMatchObject([{ reason: "too_many_events", index: 2 }]);
  });

  it("rejects unknown fields nested absurdly deep instead of storing them", () => {
    let deep: unknown = 1;
    for (let i = 0; i < EVENT_LIMITS.extraDepth + 5; i++) deep = [deep];
    expect(rejectionOf({ ...received, deep }).reason).toBe("invalid_field");
  });
});

describe("parseEventBody text repair", () => {
  it("keeps emoji and other astral characters intact", () => {
    const event = { ...received, args: "('🌸', '𝄞')", kwargs: "{'é': 'ü'}" };
    const parsed = parseEventBody(event);
    expect(parsed.events).toEqual([event]);
    expect(parsed.adjusted).toEqual([]);
  });

  it("replaces NUL and lone surrogates in free text and says so", () => {
    const failed = {
      ...base,
      type: "task-failed",
      uuid: "u1",
      exception: "ValueError('\ud800')",
      traceback: "Traceback\u0000 (most recent call last)",
      custom: { "k\u0000": ["\udfff"] },
    };
    const parsed = parseEventBody(failed);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.events[0]).toMatchObject({
      exception: "ValueError('\ufffd')",
      traceback: "Traceback\ufffd (most recent call last)",
      custom: { "k\ufffd": ["\ufffd"] },
    });
    expect(parsed.adjusted).toEqual([
      { index: 0, field: "exception", change: "sanitized" },
      { index: 0, field: "traceback", change: "sanitized" },
      { index: 0, field: "custom", change: "sanitized" },
    ]);
  });

  it("truncates oversized free text rather than losing the event", () => {
    const traceback = "x".repeat(EVENT_LIMITS.traceback + 10);
    const parsed = parseEventBody({ ...base, type: "task-failed", uuid: "u1", traceback, exception: "E()" });
    const event = parsed.events[0];
    expect(event?.type).toBe("task-failed");
    const stored = event && isTaskEvent(event) ? event.traceback : null;
    expect(stored?.startsWith("x".repeat(EVENT_LIMITS.traceback))).toBe(true);
    expect(stored?.length).toBeLessThan(EVENT_LIMITS.traceback + 64);
    expect(stored).toContain("[truncated 10 characters]");
    expect(parsed.adjusted).toEqual([{ index: 0, field: "traceback", change: "truncated" }]);
  });

  it("never splits a surrogate pair when truncating", () => {
    const args = `${"a".repeat(EVENT_LIMITS.repr - 1)}🌸🌸`;
    const event = parseEventBody({ ...received, args }).events[0];
    const stored = event && isTaskEvent(event) ? (event.args ?? "") : "";
    expect(stored.startsWith(`${"a".repeat(EVENT_LIMITS.repr - 1)}…`)).toBe(true);
  });

  it("never lets a __proto__ key reach a prototype", () => {
    const parsed = parseEventBody(JSON.parse(`{"type":"task-x","uuid":"u","hostname":"h","timestamp":1,"__proto__":{"polluted":true}}`));
    const event = parsed.events[0] as Record<string, unknown> | undefined;
    expect(event?.["type"]).toBe("task-x");
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event?.["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("parseEventBody never throws", () => {
  it("on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        const parsed = parseEventBody(body);
        const count = Array.isArray(body) ? body.length : 1;
        expect(parsed.events.length + parsed.rejected.length).toBe(count);
      }),
      { numRuns: 300 },
    );
  });

  it("on events with arbitrary field values", () => {
    const keys = [...COMMON_EVENT_FIELDS, "uuid", ...EVENT_FIELDS["task-sent"], ...EVENT_FIELDS["worker-heartbeat"], "result", "traceback"];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 })),
        fc.constantFrom("task-sent", "task-failed", "worker-heartbeat", "task-x", "worker-x"),
        (fields, type) => {
          const parsed = parseEventBody({ ...fields, type });
          expect(parsed.events.length + parsed.rejected.length).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("eventTimestamp (celery.utils.time.adjust_timestamp)", () => {
  const ts = 1795362139.5;
  it("is the raw timestamp when sender and receiver share an offset", () => {
    expect(eventTimestamp({ timestamp: ts, utcoffset: 0 }, 0)).toBe(ts);
    expect(eventTimestamp({ timestamp: ts, utcoffset: 5 }, 5)).toBe(ts);
    expect(eventTimestamp({ timestamp: ts, utcoffset: -2 }, -2)).toBe(ts);
  });

  it("shifts by the whole-hour difference when they do not (ts - (offset - here) * 3600)", () => {
    // A New York worker (utcoffset 5: hours west of UTC) seen from a UTC monitor.
    expect(eventTimestamp({ timestamp: ts, utcoffset: 5 }, 0)).toBe(ts - 5 * 3600);
    // A Berlin summer worker (-2) seen from New York in winter (5).
    expect(eventTimestamp({ timestamp: ts, utcoffset: -2 }, 5)).toBe(ts + 7 * 3600);
  });

  it("leaves events without utcoffset alone", () => {
    expect(eventTimestamp({ timestamp: ts }, 3)).toBe(ts);
    expect(eventTimestamp({ timestamp: ts, utcoffset: null }, 3)).toBe(ts);
  });

  describe("localUtcOffsetHours matches Python's time.timezone // 3600 (altzone in DST)", () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each([
      ["UTC", "2026-01-15T12:00:00Z", 0],
      ["America/New_York", "2026-01-15T12:00:00Z", 5],
      ["America/New_York", "2026-07-15T12:00:00Z", 4],
      ["Europe/Berlin", "2026-01-15T12:00:00Z", -1],
      ["Europe/Berlin", "2026-07-15T12:00:00Z", -2],
      ["Asia/Kolkata", "2026-01-15T12:00:00Z", -6],
    ])("%s at %s → %i", (zone, at, expected) => {
      process.env.TZ = zone;
      expect(localUtcOffsetHours(new Date(at))).toBe(expected);
    });
  });
});
