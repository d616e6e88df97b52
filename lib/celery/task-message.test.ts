import { describe, expect, it } from "vitest";
import { parseMonitor, parseRedisCliValue, readControlFixture } from "./__fixtures__/control-fixtures";
import { readFixture } from "./__fixtures__/fixtures";
import { KOMBU_SEP, redisBindingKey, redisBindingMember } from "./control-messages";
import type { JsonObject, JsonValue } from "./json-value";
import {
  DEFAULT_PRIORITY_STEPS,
  TaskMessageError,
  buildTaskMessage,
  celeryIsoTime,
  parseTaskMessage,
  pythonRepr,
  pythonTupleRepr,
  redisPriorityList,
  redisPriorityStep,
  redisQueueLists,
  redisTaskEnvelope,
  taskBodyJson,
  withDefaultOrigin,
  type TaskHeaders,
} from "./task-message";

/**
 * Protocol-2 task messages against real Celery 5.2.6 captures: every task message the sample
 * client LPUSHed during the captures is rebuilt byte for byte from its decoded parts, and every
 * list it went to is the one redisPriorityList names.
 */

type CapturedTask = {
  list: string;
  raw: string;
  headers: TaskHeaders;
  properties: { reply_to: string; priority: number; delivery_tag: string; delivery_info: { routing_key: string } };
  body: [JsonValue[], JsonObject, JsonObject];
};

// The capturing app used priority_steps 0..9 (see __fixtures__/control/README.md).
const CAPTURE_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function decodeTask(list: string, raw: string): CapturedTask {
  const envelope = JSON.parse(raw) as Omit<CapturedTask, "list" | "raw" | "body"> & { body: string };
  const body = JSON.parse(Buffer.from(envelope.body, "base64").toString("utf8")) as CapturedTask["body"];
  return { list, raw, headers: envelope.headers, properties: envelope.properties, body };
}

function capturedTasks(): CapturedTask[] {
  const files = ["monitor-priority-queues.txt", "monitor-tasks.txt", "monitor-setup-inspect-state.txt"];
  return files.flatMap((file) =>
    parseMonitor(readControlFixture(file))
      .filter((c) => c.args[0] === "LPUSH" && c.args[2]?.includes('"lang": "py"'))
      .map((c) => decodeTask(c.args[1] ?? "", c.args[2] ?? "")),
  );
}

/** The builder input that reproduces a captured message. */
function inputFor(task: CapturedTask) {
  const h = task.headers;
  return {
    name: h.task,
    id: h.id,
    args: task.body[0],
    kwargs: task.body[1],
    ...(h.eta ? { eta: h.eta } : {}),
    ...(h.expires ? { expires: h.expires } : {}),
    retries: h.retries,
    ...(h.root_id !== h.id ? { rootId: h.root_id } : {}),
    ...(h.parent_id ? { parentId: h.parent_id } : {}),
    ...(h.group ? { groupId: h.group } : {}),
    ...(h.group_index !== null ? { groupIndex: h.group_index } : {}),
    ...(h.origin ? { origin: h.origin } : {}),
    replyTo: task.properties.reply_to,
    ...(task.body[2]["callbacks"] ? { callbacks: task.body[2]["callbacks"] as JsonObject[] } : {}),
    ...(task.body[2]["chain"] ? { chain: task.body[2]["chain"] as JsonObject[] } : {}),
    ...(task.body[2]["chord"] ? { chord: task.body[2]["chord"] as JsonObject } : {}),
  };
}

describe("captured task messages, rebuilt byte for byte", () => {
  const tasks = capturedTasks();

  it("found the captured messages (plain, priority, eta)", () => {
    expect(tasks.length).toBeGreaterThanOrEqual(20);
    expect(tasks.some((t) => t.headers.eta !== null)).toBe(true);
    expect(tasks.some((t) => t.properties.priority > 0)).toBe(true);
  });

  it.each(tasks.map((t) => [t.headers.id, t] as const))("%s", (_id, task) => {
    const message = buildTaskMessage(inputFor(task));
    // argsrepr/kwargsrepr were not given: they come out as Celery's repr of the arguments.
    expect(message.headers).toEqual(task.headers);
    const raw = redisTaskEnvelope(message, {
      queue: task.properties.delivery_info.routing_key,
      priority: task.properties.priority,
      deliveryTag: task.properties.delivery_tag,
    });
    expect(raw).toBe(task.raw);
    expect(redisPriorityList(task.properties.delivery_info.routing_key, task.properties.priority, CAPTURE_STEPS)).toBe(task.list);
  });

  it.each(["task-message-raw-celery-queue.txt", "task-message-raw-celery-priority9.txt"])("%s (redis-cli LRANGE)", (file) => {
    const task = decodeTask("", parseRedisCliValue(readControlFixture(file)));
    const message = buildTaskMessage({ name: task.headers.task, id: task.headers.id, args: task.body[0], origin: "gen10899@vm", replyTo: task.properties.reply_to });
    expect(redisTaskEnvelope(message, { queue: "celery", priority: task.properties.priority, deliveryTag: task.properties.delivery_tag })).toBe(task.raw);
  });

  it("binds the queue as Celery declares it before the first LPUSH", () => {
    const sadd = parseMonitor(readControlFixture("monitor-priority-queues.txt")).filter((c) => c.args[0] === "SADD");
    expect(sadd.map((c) => c.args.slice(1))).toEqual([
      [redisBindingKey("celery"), redisBindingMember("celery", "celery")],
      [redisBindingKey("io"), redisBindingMember("io", "io")],
    ]);
  });
});

describe("priority lists", () => {
  it("maps priorities onto Celery's default steps [0, 3, 6, 9] like kombu's _q_for_pri", () => {
    const lists = Array.from({ length: 12 }, (_, p) => redisPriorityList("q", p));
    expect(lists).toEqual(["q", "q", "q", "q\x06\x163", "q\x06\x163", "q\x06\x163", "q\x06\x166", "q\x06\x166", "q\x06\x166", "q\x06\x169", "q\x06\x169", "q\x06\x169"]);
    expect(redisPriorityStep(-5)).toBe(0);
    expect(DEFAULT_PRIORITY_STEPS).toEqual([0, 3, 6, 9]);
  });

  it("names each step's list with kombu's separator, for any steps", () => {
    expect(redisPriorityList("celery", 5, CAPTURE_STEPS)).toBe(`celery${KOMBU_SEP}5`);
    expect(redisQueueLists("celery")).toEqual(["celery", "celery\x06\x163", "celery\x06\x166", "celery\x06\x169"]);
    expect(redisQueueLists("io", [0, 5])).toEqual(["io", "io\x06\x165"]);
  });

  it("matches the list names in the captured key listing", () => {
    const keys = readControlFixture("redis-keys.txt");
    for (const name of ["celery", "celery\\x06\\x163", "celery\\x06\\x169", "io\\x06\\x163", "io\\x06\\x169"]) {
      expect(keys).toContain(`"${name}"`);
    }
    expect(redisPriorityList("io", 9, CAPTURE_STEPS)).toBe("io\x06\x169");
  });

  it.each([[[1, 3]], [[0, 3, 3]], [[0, 10]], [[]], [[0, 2.5]]])("refuses steps %j", (steps) => {
    expect(() => redisPriorityList("q", 1, steps)).toThrow(TaskMessageError);
  });
});

describe("building messages", () => {
  const now = Date.UTC(2026, 10, 22, 15, 47, 20, 214);
  const ids = () => "11111111-2222-4333-8444-555555555555";

  it("fills Celery's defaults", () => {
    const message = buildTaskMessage({ name: "bloom_sample.add", args: [2, 3] }, { uuid: ids });
    expect(message.headers).toEqual({
      lang: "py",
      task: "bloom_sample.add",
      id: ids(),
      shadow: null,
      eta: null,
      expires: null,
      group: null,
      group_index: null,
      retries: 0,
      timelimit: [null, null],
      root_id: ids(),
      parent_id: null,
      argsrepr: "(2, 3)",
      kwargsrepr: "{}",
      origin: null,
      ignore_result: false,
    });
    expect(message.properties).toEqual({ correlation_id: ids(), reply_to: "" });
    expect(taskBodyJson(message)).toBe('[[2, 3], {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": null}]');
    expect(withDefaultOrigin(message, "bloom1@host").headers.origin).toBe("bloom1@host");
    expect(withDefaultOrigin(buildTaskMessage({ name: "t", origin: "me" }), "bloom1@host").headers.origin).toBe("me");
    expect(globalThis.crypto.randomUUID).toBeDefined();
    expect(buildTaskMessage({ name: "t" }).headers.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("turns countdown and numeric expires into times from now, with microseconds", () => {
    const message = buildTaskMessage({ name: "t", countdown: 10, expires: 60.5 }, { now, uuid: ids });
    expect(message.headers.eta).toBe("2026-11-22T15:47:30.214000+00:00");
    expect(message.headers.expires).toBe("2026-11-22T15:48:20.714000+00:00");
    expect(buildTaskMessage({ name: "t", countdown: 0.000001 }, { now }).headers.eta).toBe("2026-11-22T15:47:20.214001+00:00");
    // Celery's `if countdown:` treats 0 as "no countdown".
    expect(buildTaskMessage({ name: "t", countdown: 0 }, { now }).headers.eta).toBeNull();
  });

  it("writes absolute times in UTC like Python's isoformat", () => {
    expect(buildTaskMessage({ name: "t", eta: new Date(now) }).headers.eta).toBe("2026-11-22T15:47:20.214000+00:00");
    expect(buildTaskMessage({ name: "t", eta: "2026-11-22T16:47:20.214753+01:00" }).headers.eta).toBe("2026-11-22T15:47:20.214753+00:00");
    expect(buildTaskMessage({ name: "t", expires: "2026-11-22T15:47:20Z" }).headers.expires).toBe("2026-11-22T15:47:20+00:00");
    expect(celeryIsoTime(new Date(Date.UTC(2026, 0, 1)))).toBe("2026-01-01T00:00:00+00:00");
    expect(celeryIsoTime({ ms: Date.UTC(10000, 0, 1), us: 0 })).toBeUndefined();
  });

  it("carries the optional headers and the canvas", () => {
    const callback = { task: "bloom_sample.mul", args: [2], kwargs: {}, options: {}, subtask_type: null, immutable: false };
    const message = buildTaskMessage(
      {
        name: "t",
        id: "child",
        rootId: "root",
        parentId: "parent",
        groupId: "g",
        groupIndex: 1,
        shadow: "shown",
        retries: 2,
        timeLimit: 30,
        softTimeLimit: 20,
        ignoreResult: true,
        kwargs: { x: "é" },
        callbacks: [callback],
        chord: callback,
      },
      { now },
    );
    expect(message.headers).toMatchObject({
      root_id: "root",
      parent_id: "parent",
      group: "g",
      group_index: 1,
      shadow: "shown",
      retries: 2,
      timelimit: [30, 20],
      ignore_result: true,
      kwargsrepr: "{'x': 'é'}",
      argsrepr: "()",
    });
    expect(taskBodyJson(message)).toBe(
      '[[], {"x": "\\u00e9"}, {"callbacks": [{"task": "bloom_sample.mul", "args": [2], "kwargs": {}, "options": {}, "subtask_type": null, "immutable": false}], "errbacks": null, "chain": null, "chord": {"task": "bloom_sample.mul", "args": [2], "kwargs": {}, "options": {}, "subtask_type": null, "immutable": false}}]',
    );
  });

  it("shortens long reprs like saferepr's maxsize", () => {
    const message = buildTaskMessage({ name: "t", args: ["x".repeat(2000)] });
    expect(message.headers.argsrepr).toHaveLength(1027);
    expect(message.headers.argsrepr.endsWith("...")).toBe(true);
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "t", countdown: 5, eta: new Date() }, "countdown"],
    [{ name: "t", eta: "2026-11-22T15:47:20" }, "eta"],
    [{ name: "t", eta: "yesterday" }, "eta"],
    [{ name: "t", expires: Number.NaN }, "expires"],
    [{ name: "t", countdown: 1e15 }, "countdown"],
    [{ name: "t", args: [Number.POSITIVE_INFINITY] }, "args.0"],
    [{ name: "t", args: [undefined] }, "args.0"],
    [{ name: "t", kwargs: [] }, "kwargs"],
    [{ name: "t", retries: -1 }, "retries"],
    [{ name: "t", timeLimit: 0 }, "timeLimit"],
    [{ name: "t", id: "a\nb" }, "id"],
    [{ name: "t", bogus: 1 }, "(input)"],
  ])("refuses %j (%s)", (input, field) => {
    const result = parseTaskMessage(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBe(field);
  });

  it("throws TaskMessageError from the typed builder", () => {
    expect(() => buildTaskMessage({ name: "" })).toThrow(TaskMessageError);
  });
});

describe("Python repr for argsrepr/kwargsrepr", () => {
  const cases = (JSON.parse(readFixture("kombu-json-cases.json")) as { cases: { value: JsonValue; repr: string; tuple_repr?: string }[] }).cases;

  it.each(cases.map((c, i) => [i, c] as const))("generated case %i", (_i, c) => {
    expect(pythonRepr(c.value)).toBe(c.repr);
    if (c.tuple_repr !== undefined) expect(pythonTupleRepr(c.value as JsonValue[])).toBe(c.tuple_repr);
  });

  it("writes the tuple forms Celery shows", () => {
    expect(pythonTupleRepr([])).toBe("()");
    expect(pythonTupleRepr([0.1])).toBe("(0.1,)");
    expect(pythonTupleRepr([1, "a", null, true])).toBe("(1, 'a', None, True)");
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr("it's \"x\"")).toBe("'it\\'s \"x\"'");
  });
});
