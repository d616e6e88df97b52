import { describe, expect, it } from "vitest";
import {
  controlFixtureNames,
  parseMonitor,
  readControlFixture,
  readPidboxCapture,
  sharedCopyMatches,
  type PidboxCaptureEntry,
} from "./__fixtures__/control-fixtures";
import { readFixture } from "./__fixtures__/fixtures";
import {
  CONTROL_COMMANDS,
  ControlArgumentError,
  LamportClock,
  ReplyCollector,
  buildBroadcastRequest,
  buildControlCommand,
  buildRedisEnvelope,
  broadcastHeaders,
  expectedRepliesFor,
  kombuJsonDumps,
  parseControlCommand,
  parsePidboxReply,
  parseRedisPidboxReply,
  pidboxNames,
  pythonFloatRepr,
  redisAllPriorityLists,
  redisBindingKey,
  redisBindingMember,
  redisBroadcastEnvelope,
  redisFanoutChannel,
  replyQueueName,
  type PidboxReply,
  type PidboxRequest,
} from "./control-messages";
import type { JsonObject, JsonValue } from "./json-value";

/**
 * The pidbox protocol against real Celery 5.2.6 traffic (shared/wire-samples, copied to
 * __fixtures__/control): requests are rebuilt byte for byte from their decoded parts, replies
 * are parsed and compared with what the `celery` CLI printed for the same calls.
 */

const capture = readPidboxCapture();
const steps = Object.entries(capture);
const envelopeOf = (entry: PidboxCaptureEntry) =>
  JSON.parse(entry.envelope_raw) as { headers: JsonObject; properties: { delivery_tag: string; delivery_info: { routing_key: string } } };

describe("fixture copies", () => {
  it.each(controlFixtureNames())("%s equals the shared original when present", (name) => {
    expect(sharedCopyMatches(name) ?? true).toBe(true);
  });
});

describe("kombuJsonDumps writes what Python's json.dumps writes", () => {
  const cases = (JSON.parse(readFixture("kombu-json-cases.json")) as { cases: { value: JsonValue; dumps: string }[] }).cases;

  it.each(cases.map((c, i) => [i, c] as const))("generated case %i", (_i, c) => {
    expect(kombuJsonDumps(c.value)).toBe(c.dumps);
  });

  it("writes floats like Python's repr", () => {
    expect(pythonFloatRepr(1795362167.2636693)).toBe("1795362167.2636693");
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(0.0001)).toBe("0.0001");
    expect(pythonFloatRepr(1.5e16)).toBe("1.5e+16");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(1e15)).toBe("1000000000000000.0");
    expect(pythonFloatRepr(-2.5)).toBe("-2.5");
    expect(pythonFloatRepr(5e-324)).toBe("5e-324");
    expect(kombuJsonDumps(1e21)).toBe("1000000000000000000000");
    expect(kombuJsonDumps(-0)).toBe("0");
  });
});

describe("requests: rebuilt byte for byte from the captures", () => {
  const publishes = steps.flatMap(([step, entries]) =>
    entries.filter((e) => e.redis_command === "PUBLISH").map((entry, i) => [`${step}#${i}`, entry] as const),
  );

  it.each(publishes)("%s", (_step, entry) => {
    const body = entry.body_decoded as PidboxRequest;
    const envelope = envelopeOf(entry);
    const request = buildBroadcastRequest({
      method: body.method,
      arguments: body.arguments,
      ...(body.destination ? { destination: body.destination } : {}),
      ...(body.reply_to && body.ticket
        ? { reply: { ticket: body.ticket, exchange: body.reply_to.exchange, routingKey: body.reply_to.routing_key } }
        : {}),
    });
    expect(request).toEqual(body);
    const raw = redisBroadcastEnvelope({
      request,
      headers: envelope.headers,
      exchange: pidboxNames().exchange,
      deliveryTag: envelope.properties.delivery_tag,
    });
    expect(raw).toBe(entry.envelope_raw);
    expect(entry.key).toBe(redisFanoutChannel(0, pidboxNames().exchange));
  });

  it("uses the control exchange name in every derived name", () => {
    expect(pidboxNames()).toEqual({ exchange: "celery.pidbox", replyExchange: "reply.celery.pidbox" });
    expect(pidboxNames("myapp")).toEqual({ exchange: "myapp.pidbox", replyExchange: "reply.myapp.pidbox" });
    expect(replyQueueName("abc")).toBe("abc.reply.celery.pidbox");
    expect(redisFanoutChannel(3, "celery.pidbox")).toBe("/3.celery.pidbox");
  });

  it("sends clock and expires = now + timeout in epoch seconds, as kombu does", () => {
    expect(broadcastHeaders(7, 1_000, 1_795_362_166_263)).toEqual({ clock: 7, expires: 1_795_362_167.263 });
    expect(broadcastHeaders(1, 0, 1_795_362_166_263)).toEqual({ clock: 1, expires: 0 });
  });

  it("binds and polls the reply list exactly as the CLI did (monitor capture)", () => {
    const commands = parseMonitor(readControlFixture("monitor-inspect-ping-destination.txt"));
    const sadd = commands.find((c) => c.args[0] === "SADD");
    const brpop = commands.find((c) => c.args[0] === "BRPOP" && c.args[1]?.endsWith(".reply.celery.pidbox"));
    const publish = commands.find((c) => c.args[0] === "PUBLISH");
    const request = JSON.parse(Buffer.from((JSON.parse(publish?.args[2] ?? "{}") as { body: string }).body, "base64").toString()) as PidboxRequest;
    const routingKey = request.reply_to?.routing_key ?? "";
    const queue = replyQueueName(routingKey);

    expect(sadd?.args).toEqual(["SADD", redisBindingKey("reply.celery.pidbox"), redisBindingMember(routingKey, queue)]);
    expect(sadd?.args[2]).toBe(`${routingKey}\x06\x16\x06\x16${routingKey}.reply.celery.pidbox`);
    // The capturing app had priority_steps 0..9, so it polled all ten lists: the same set
    // Bloom polls whatever the steps are (the last BRPOP argument is the timeout).
    expect(brpop?.args.slice(1, -1)).toEqual(redisAllPriorityLists(queue));
    expect(request.destination).toEqual(["w1@vm"]);
  });

  it("leaves ticket and reply_to out of a cast", () => {
    const request = buildBroadcastRequest({ method: "shutdown", destination: ["w1@vm"] });
    expect(Object.keys(request)).toEqual(["method", "arguments", "destination", "pattern", "matcher"]);
  });

  it("carries pattern and matcher", () => {
    const request = buildBroadcastRequest({ method: "ping", pattern: "ctl-*@*", matcher: "glob" });
    expect(request).toMatchObject({ destination: null, pattern: "ctl-*@*", matcher: "glob" });
  });

  it.each([
    [{ method: "ping", destination: [] }, "destination"],
    [{ method: "ping", destination: ["ok@host", ""] }, "destination.1"],
    [{ method: "ping", destination: ["bad\nname"] }, "destination.0"],
    [{ method: "ping", pattern: "w*" }, "pattern"],
    [{ method: "ping", matcher: "glob" as const }, "pattern"],
    [{ method: "ping", destination: ["a@b"], pattern: "w*", matcher: "glob" as const }, "pattern"],
    [{ method: "Ping!" }, "method"],
  ])("refuses %j (%s)", (input, field) => {
    expect(() => buildBroadcastRequest(input)).toThrow(ControlArgumentError);
    try {
      buildBroadcastRequest(input);
    } catch (error) {
      expect((error as ControlArgumentError).field).toBe(field);
    }
  });
});

describe("replies: parsed from the captures", () => {
  const replies = steps.flatMap(([step, entries]) => {
    const request = entries.find((e) => e.redis_command === "PUBLISH" && (e.body_decoded as PidboxRequest).reply_to?.routing_key);
    return entries.filter((e) => e.redis_command === "LPUSH").map((entry) => [step, entry, request] as const);
  });

  it.each(replies)("%s", (step, entry, request) => {
    const parsed = parseRedisPidboxReply(entry.envelope_raw);
    if (!parsed.ok) throw new Error(parsed.detail);
    const envelope = envelopeOf(entry);
    expect(parsed.reply.replies).toEqual(entry.body_decoded);
    expect(parsed.reply.clock).toBe(envelope.headers["clock"]);
    // worker-start's hello was answered by the worker to its own mingle request, which is the
    // one whose reply_to matches; for every other step the single request is the one.
    const requestBody = request?.body_decoded as PidboxRequest | undefined;
    if (requestBody?.reply_to?.routing_key === envelope.properties.delivery_info.routing_key) {
      expect(parsed.reply.ticket).toBe(requestBody.ticket);
    }
    expect(entry.key).toBe(replyQueueName(envelope.properties.delivery_info.routing_key));
    const cli = cliOutput(step);
    if (cli !== undefined) expect(parsed.reply.replies).toEqual(cli);

    // The worker's body and envelope, rebuilt: kombuJsonDumps on real reply bodies (stats
    // floats, conf...). Python floats that are whole (120.0) come back as ints: JSON.parse
    // cannot keep the difference, so those bodies are compared with the `.0` dropped.
    const originalBody = Buffer.from((JSON.parse(entry.envelope_raw) as { body: string }).body, "base64").toString("utf8");
    const bodyText = kombuJsonDumps(entry.body_decoded as JsonValue);
    expect(bodyText).toBe(dropWholeFloatFractions(originalBody));
    if (bodyText !== originalBody) return;
    const rebuilt = buildRedisEnvelope({
      body: kombuJsonDumps(entry.body_decoded as JsonValue),
      headers: envelope.headers,
      deliveryMode: 1,
      exchange: "reply.celery.pidbox",
      routingKey: envelope.properties.delivery_info.routing_key,
      priority: 0,
      deliveryTag: envelope.properties.delivery_tag,
    });
    expect(rebuilt).toBe(entry.envelope_raw);

  });

  it("rejects what is not a reply", () => {
    expect(parsePidboxReply([], {})).toMatchObject({ ok: false, reason: "not_a_reply" });
    expect(parsePidboxReply({}, {})).toMatchObject({ ok: false, reason: "not_a_reply" });
    expect(parsePidboxReply({ "w@h": 1 }, { ticket: 5 })).toMatchObject({ ok: false, reason: "not_a_reply" });
    expect(parseRedisPidboxReply("not json")).toMatchObject({ ok: false, reason: "invalid_json" });
  });

  it("keeps a hostname named __proto__ as an own key", () => {
    const parsed = parsePidboxReply(JSON.parse('{"__proto__": {"ok": "pong"}}'), { ticket: "t" });
    expect(parsed.ok && Object.hasOwn(parsed.reply.replies, "__proto__")).toBe(true);
  });
});

/** `120.0` → `120` outside strings (the captures' strings hold no such pattern next to these delimiters). */
function dropWholeFloatFractions(json: string): string {
  return json.replace(/([\s[:])(-?\d+)\.0(?=[,\]}])/g, "$1$2");
}

/** What `celery inspect|control ... -j` printed: inspect a dict, control a list of dicts. */
function cliOutput(step: string): unknown {
  const name = `cli-${step}.json`;
  if (!controlFixtureNames().includes(name)) return undefined;
  const value = JSON.parse(readControlFixture(name)) as unknown;
  return Array.isArray(value) ? Object.assign({}, ...(value as object[])) : value;
}

describe("command table", () => {
  const captured = (step: string) => (capture[step]?.[0]?.body_decoded as PidboxRequest).arguments;

  it("writes the same arguments as the celery CLI for the captured commands", () => {
    expect(buildControlCommand("rate_limit", { taskName: "celery_app.app.add", rateLimit: "10/s" }).arguments).toEqual(captured("control-rate_limit"));
    expect(buildControlCommand("pool_grow", { n: 1 }).arguments).toEqual(captured("control-pool_grow"));
    expect(buildControlCommand("pool_grow").arguments).toEqual({ n: 1 });
    expect(buildControlCommand("terminate", { taskId: ["70022a90-fafb-4f87-b176-ac5b3175e680"] }).arguments).toEqual(captured("control-terminate"));
    expect(buildControlCommand("enable_events").arguments).toEqual(captured("control-enable_events"));
    expect(buildControlCommand("registered", { taskinfoitems: [] }).arguments).toEqual(captured("inspect-registered"));
    for (const name of ["ping", "stats", "active", "reserved", "scheduled", "revoked", "active_queues"] as const) {
      expect(buildControlCommand(name).arguments).toEqual(captured(`inspect-${name}`));
    }
    // The CLI sends only task_id; celery.app.control.Control.revoke (what Flower calls) adds these.
    expect(buildControlCommand("revoke", { taskId: ["91559f69-c4b4-4082-99bb-cb3e4fd6a4ab"] }).arguments).toEqual({
      ...captured("control-revoke"),
      terminate: false,
      signal: "SIGTERM",
    });
  });

  it("writes Celery's argument names for the rest", () => {
    const args = (name: Parameters<typeof parseControlCommand>[0], input: unknown) => {
      const result = parseControlCommand(name, input);
      if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`);
      return result.command.arguments;
    };
    expect(args("revoke", { taskId: "a", terminate: true, signal: "kill" })).toEqual({ task_id: "a", terminate: true, signal: "SIGKILL" });
    expect(args("conf", {})).toEqual({ with_defaults: false });
    expect(args("query_task", { ids: ["a", "b"] })).toEqual({ ids: ["a", "b"] });
    expect(args("time_limit", { taskName: "t", soft: 10 })).toEqual({ task_name: "t", hard: null, soft: 10 });
    expect(args("pool_restart", { modules: ["m"], reload: true })).toEqual({ modules: ["m"], reload: true, reloader: null });
    expect(args("pool_shrink", { n: 2 })).toEqual({ n: 2 });
    expect(args("autoscale", { max: 4, min: 0 })).toEqual({ max: 4, min: 0 });
    expect(args("add_consumer", { queue: "q1" })).toEqual({ queue: "q1", exchange: null, exchange_type: "direct", routing_key: null });
    expect(args("add_consumer", { queue: "q1", exchange: "ex", exchangeType: "topic", routingKey: "k.#", options: { queue_durable: false } })).toEqual({
      queue: "q1",
      exchange: "ex",
      exchange_type: "topic",
      routing_key: "k.#",
      queue_durable: false,
    });
    expect(args("cancel_consumer", { queue: "q1" })).toEqual({ queue: "q1" });
    for (const rate of ["10/m", "5/s", "100/h", "7", "0.5/s", ".5", 3, 0]) {
      expect(args("rate_limit", { taskName: "t", rateLimit: rate })).toEqual({ task_name: "t", rate_limit: rate });
    }
  });

  it.each([
    ["rate_limit", { taskName: "t", rateLimit: "fast" }, "rateLimit"],
    ["rate_limit", { taskName: "t", rateLimit: "10/d" }, "rateLimit"],
    ["rate_limit", { taskName: "t", rateLimit: -1 }, "rateLimit"],
    ["rate_limit", { taskName: "", rateLimit: "1/s" }, "taskName"],
    ["pool_grow", { n: 0 }, "n"],
    ["pool_shrink", { n: 1.5 }, "n"],
    ["autoscale", { max: 1, min: 2 }, "max"],
    ["autoscale", { max: 1, min: -1 }, "min"],
    ["revoke", { taskId: [] }, "taskId"],
    ["revoke", { taskId: "a", signal: "SIGFOO" }, "signal"],
    ["time_limit", { taskName: "t", soft: 20, hard: 10 }, "soft"],
    ["time_limit", { taskName: "t", hard: 0 }, "hard"],
    ["add_consumer", { queue: "q", options: { queue: "other" } }, "options"],
    ["add_consumer", { queue: "q", options: { BadKey: 1 } }, "options.BadKey"],
    ["add_consumer", { queue: "q", exchangeType: "nope" }, "exchangeType"],
    ["cancel_consumer", {}, "queue"],
    ["ping", { extra: 1 }, "(input)"],
    ["query_task", { ids: [] }, "ids"],
    ["no_such_command", {}, "command"],
  ])("refuses %s %j", (name, input, field) => {
    const result = parseControlCommand(name, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBe(field);
  });

  it("throws ControlArgumentError from the typed builder", () => {
    expect(() => buildControlCommand("pool_grow", { n: 0 })).toThrow(ControlArgumentError);
  });

  it("says which commands get no reply", () => {
    const silent = Object.entries(CONTROL_COMMANDS).filter(([, spec]) => !spec.replies).map(([name]) => name);
    expect(silent).toEqual(["shutdown"]);
    expect(buildControlCommand("shutdown")).toMatchObject({ method: "shutdown", kind: "control", expectsReply: false, arguments: {} });
  });
});

describe("ReplyCollector", () => {
  const reply = (ticket: string | undefined, replies: Record<string, unknown>): PidboxReply => ({ ...(ticket ? { ticket } : {}), replies });

  it("completes when every named worker answered, keeping error replies", () => {
    const collector = new ReplyCollector("t1", ["a@h", "b@h"]);
    expect(collector.offer(reply("t1", { "a@h": { ok: "pong" } }))).toBe(true);
    expect(collector.complete).toBe(false);
    expect(collector.offer(reply("t1", { "x@h": { ok: "pong" } }))).toBe(true);
    expect(collector.complete).toBe(false);
    collector.offer(reply("t1", { "b@h": { error: "unknown task" } }));
    expect(collector.complete).toBe(true);
    expect(collector.replies).toEqual({ "a@h": { ok: "pong" }, "x@h": { ok: "pong" }, "b@h": { error: "unknown task" } });
  });

  it("completes on a count of distinct workers; duplicates are noted and do not count twice", () => {
    const collector = new ReplyCollector("t1", 2);
    collector.offer(reply("t1", { "a@h": 1 }));
    collector.offer(reply("t1", { "a@h": 2 }));
    expect(collector.complete).toBe(false);
    expect([...collector.duplicates]).toEqual(["a@h"]);
    expect(collector.replies).toEqual({ "a@h": 2 });
    collector.offer(reply("t1", { "b@h": 1 }));
    expect(collector.complete).toBe(true);
  });

  it("ignores other tickets and replies without one", () => {
    const collector = new ReplyCollector("t1", 1);
    expect(collector.offer(reply("t2", { "a@h": 1 }))).toBe(false);
    expect(collector.offer(reply(undefined, { "a@h": 1 }))).toBe(false);
    expect(collector.complete).toBe(false);
  });

  it("never completes without an expectation, and at once with zero expected", () => {
    const open = new ReplyCollector("t1");
    open.offer(reply("t1", { "a@h": 1 }));
    expect(open.complete).toBe(false);
    expect(open.expectsReplies).toBe(true);
    expect(new ReplyCollector("t1", 0).complete).toBe(true);
    expect(new ReplyCollector("t1", []).expectsReplies).toBe(false);
  });

  it("expects the destination's workers unless told otherwise, like kombu's limit", () => {
    expect(expectedRepliesFor(["a@h"], undefined)).toEqual(["a@h"]);
    expect(expectedRepliesFor(undefined, undefined)).toBeUndefined();
    expect(expectedRepliesFor(["a@h", "b@h"], 1)).toBe(1);
    expect(() => expectedRepliesFor(undefined, -1)).toThrow(ControlArgumentError);
    expect(() => expectedRepliesFor(undefined, 1.5)).toThrow(ControlArgumentError);
  });
});

describe("LamportClock", () => {
  it("forwards on send and jumps past what it receives", () => {
    const clock = new LamportClock();
    expect(clock.forward()).toBe(1);
    expect(clock.adjust(33)).toBe(34);
    expect(clock.adjust(2)).toBe(35);
    expect(clock.forward()).toBe(36);
  });
});
