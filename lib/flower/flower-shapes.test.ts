import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { flowerTasksQuery } from "./params";
import { exceptionRepr, pythonRepr, toFlowerResult } from "./result-shape";
import { FlowerSearchError, parseFlowerSearch } from "./search-query";
import { pythonIsoformat, toFlowerTask, type FlowerTaskSource } from "./task-shape";
import { toFlowerWorker } from "./worker-shape";

const body = (name: string) => z.object({ body: z.unknown() }).parse(JSON.parse(readFileSync(new URL(`../../e2e/flower-fixtures/${name}.json`, import.meta.url), "utf8"))).body;
const record = (value: unknown) => z.record(z.string(), z.unknown()).parse(value);

/** A Flower task from the capture, back into the columns Bloom stores. */
function sourceFrom(flower: Record<string, unknown>): FlowerTaskSource {
  const num = (key: string) => (typeof flower[key] === "number" ? (flower[key] as number) : null);
  const str = (key: string) => (typeof flower[key] === "string" ? (flower[key] as string) : null);
  return {
    uuid: String(flower.uuid), name: str("name"), state: String(flower.state), worker: str("worker"), client: str("client"), args: str("args"), kwargs: str("kwargs"),
    result: str("result"), exception: str("exception"), traceback: str("traceback"), retries: num("retries") ?? 0, exchange: str("exchange"), routingKey: str("routing_key"),
    parentId: str("parent_id"), rootId: str("root_id"), runtime: num("runtime"), clock: num("clock") ?? 0, sent: num("sent"), received: num("received"), started: num("started"),
    succeeded: num("succeeded"), failed: num("failed"), retried: num("retried"), revoked: num("revoked"), rejected: num("rejected"), stateAt: num("timestamp"),
    eta: str("eta"), expires: str("expires"), children: z.array(z.string()).parse(flower.children),
  };
}

describe("toFlowerTask", () => {
  it.each(["task-info-success", "task-info-failure", "task-info-retry", "task-info-chain-step"])("gives back %s exactly, keys in Flower's order", (name) => {
    const flower = record(body(name));
    const ours = toFlowerTask(sourceFrom(flower));
    expect(ours).toEqual(flower);
    expect(Object.keys(ours)).toEqual(Object.keys(flower).filter((key) => key !== "worker").toSpliced(16, 0, "worker"));
  });
  it("formats eta as Celery's events carry it", () => {
    expect(pythonIsoformat(new Date("2026-11-23T22:28:49.354Z"))).toBe("2026-11-23T22:28:49.354000+00:00");
    expect(record(body("task-info-retry")).eta).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });
});

describe("toFlowerWorker", () => {
  it("has the keys of Flower's worker entries", () => {
    const flower = record(record(body("workers"))["w1@bloomtest"]);
    const ours = toFlowerWorker({ hostname: "w1@bloomtest", stats: flower.stats, registered: flower.registered, activeQueues: flower.active_queues, conf: flower.conf, timestamp: 1 }, []);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(flower).sort());
  });
});

describe("toFlowerResult", () => {
  it("rebuilds Flower's exception repr from the backend's JSON", () => {
    const flower = record(body("task-result-failure"));
    const ours = toFlowerResult({ taskId: String(flower["task-id"]), state: "FAILURE", found: true, result: { exc_type: "ValueError", exc_message: ["boom"], exc_module: "builtins" }, traceback: String(flower.traceback) });
    expect(ours).toEqual(flower);
  });
  it("answers state only for an unknown or unfinished task", () => {
    expect(toFlowerResult({ taskId: "00000000-0000-0000-0000-000000000000", state: "PENDING", found: false, result: null, traceback: null })).toEqual(body("task-result-unknown"));
    expect(toFlowerResult({ taskId: "x", state: "SUCCESS", found: true, result: 5, traceback: null })).toEqual({ "task-id": "x", state: "SUCCESS", result: 5 });
  });
  it("writes Python reprs", () => {
    expect(exceptionRepr({ exc_type: "KeyError", exc_message: ["it's", 2, null] })).toBe(`KeyError("it's", 2, None)`);
    expect(pythonRepr({ a: [true, 1.5, "x\n"] })).toBe("{'a': [True, 1.5, 'x\\n']}");
  });
});

describe("parseFlowerSearch", () => {
  it("maps qualifiers to Bloom's filters", () => {
    expect(parseFlowerSearch("state:FAILURE boom")).toEqual({ states: ["FAILURE"], text: "boom" });
    expect(parseFlowerSearch('name:proj.add AND worker:w1@h kwargs:"a b"')).toEqual({ states: [], name: "proj.add", worker: "w1@h", text: "a b" });
  });
  it.each(["(boom", "a OR b", "-boom", "ab", "state:", '"open', "boom other"])("refuses %s", (query) => {
    expect(() => parseFlowerSearch(query)).toThrow(FlowerSearchError);
  });
});

describe("flowerTasksQuery", () => {
  it("reads Flower's parameters, with its defaults", () => {
    const parsed = flowerTasksQuery.parse({ limit: "2", offset: "-3", sort_by: "-received", state: "All", received_start: "2026-11-23 14:05" });
    expect(parsed).toMatchObject({ limit: 2, offset: 0, sort: { key: "received", descending: true }, state: undefined, receivedFrom: new Date("2026-11-23T14:05:00Z") });
    expect(flowerTasksQuery.parse({}).limit).toBe(10_000);
  });
  it.each([{ limit: "abc" }, { offset: "x" }, { sort_by: "bogus" }, { received_start: "yesterday" }, { search: "(boom" }, { offset: "99999", limit: "10" }])("refuses %o naming the parameter", (query) => {
    const result = flowerTasksQuery.safeParse(query);
    expect(result.success).toBe(false);
    expect(String(result.error?.issues[0]?.path[0])).toBe(Object.keys(query)[0]);
  });
});
