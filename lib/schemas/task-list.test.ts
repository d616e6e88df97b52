import { describe, expect, it } from "vitest";
import { parseParamsLenient, parseParamsStrict, rawParamsFrom } from "./query-params";
import { TASK_EXPORT_MULTI_PARAMS, taskExportParams } from "./task-export";
import { TASK_LIST_MULTI_PARAMS, taskListParams } from "./task-list";

const strict = (query: string) => parseParamsStrict(taskListParams, rawParamsFrom(new URLSearchParams(query)), TASK_LIST_MULTI_PARAMS);
const lenient = (query: string) => parseParamsLenient(taskListParams, rawParamsFrom(new URLSearchParams(query)), TASK_LIST_MULTI_PARAMS);

describe("tasks table search params", () => {
  it("defaults to the newest received first, no filter", () => {
    expect(strict("")).toEqual({ ok: true, data: { sort: "received", dir: "desc" } });
  });

  it("reads every filter, sort and page parameter", () => {
    const result = strict("state=FAILURE&name=app.add&worker=w1%40host&queue=io&q=boom&from=2026-11-23T10:00&to=2026-11-23T11:00:00Z&sort=runtime&dir=asc&after=abc_-1");
    expect(result).toEqual({
      ok: true,
      data: {
        state: ["FAILURE"],
        name: "app.add",
        worker: "w1@host",
        queue: "io",
        q: "boom",
        from: new Date("2026-11-23T10:00:00Z"),
        to: new Date("2026-11-23T11:00:00Z"),
        sort: "runtime",
        dir: "asc",
        after: "abc_-1",
      },
    });
  });

  it("takes states repeated or comma-separated, without duplicates", () => {
    const result = strict("state=FAILURE,RETRY&state=FAILURE&state=PROGRESS");
    expect(result.ok && result.data.state).toEqual(["FAILURE", "RETRY", "PROGRESS"]);
  });

  it("treats empty form fields as not set", () => {
    expect(strict("q=&name=&state=&range=&from=")).toEqual({ ok: true, data: { sort: "received", dir: "desc" } });
  });

  it.each([
    ["sort=name", "sort", "must be one of received, started, succeeded, runtime"],
    ["dir=up", "dir", "must be desc or asc"],
    ["q=ab", "q", "type at least 3 characters to search"],
    ["from=yesterday", "from", "must be an ISO 8601 date-time, e.g. 2026-11-23T14:05:00Z"],
    ["from=2026-02-30", "from", "must be an ISO 8601 date-time, e.g. 2026-11-23T14:05:00Z"],
    ["from=2026-11-23T12:00Z&to=2026-11-23T11:00Z", "to", "must be later than from"],
    ["range=1h&from=2026-11-23T12:00Z", "range", "cannot be combined with from/to"],
    ["range=2w", "range", "must be one of 15m, 1h, 6h, 24h, 7d, 30d"],
    ["state=FAIL%20URE", "state", "must be task state names such as FAILURE or SUCCESS,RETRY"],
    ["after=a&before=b", "before", "cannot be combined with after"],
    ["after=not%20a%20cursor", "after", "must be a cursor taken from a page link"],
    ["name=a&name=b", "name", "must be given once"],
  ])("refuses %s, naming %s", (query, param, message) => {
    expect(strict(query)).toEqual({ ok: false, problem: { param, message } });
  });

  it("for pages, drops only the bad parameters and reports them", () => {
    const { data, ignored } = lenient("state=FAILURE&sort=name&q=x&name=a&name=b");
    expect(data).toEqual({ state: ["FAILURE"], name: "b", sort: "received", dir: "desc" });
    expect(ignored.map((problem) => problem.param).sort()).toEqual(["q", "sort"]);
  });

  it("reads the zone of a time, and a time without one as UTC", () => {
    const result = strict("from=2026-11-23T10:00:00.250%2B02:00&to=2026-11-24");
    expect(result.ok && result.data.from?.toISOString()).toBe("2026-11-23T08:00:00.250Z");
    expect(result.ok && result.data.to?.toISOString()).toBe("2026-11-24T00:00:00.000Z");
  });
});

describe("tasks export params", () => {
  const parse = (query: string) => parseParamsStrict(taskExportParams, rawParamsFrom(new URLSearchParams(query)), TASK_EXPORT_MULTI_PARAMS);

  it("defaults to CSV of every field and takes a column list", () => {
    expect(parse("state=FAILURE")).toEqual({ ok: true, data: { state: ["FAILURE"], sort: "received", dir: "desc", format: "csv" } });
    const result = parse("format=json&columns=uuid,state&columns=traceback");
    expect(result.ok && result.data).toMatchObject({ format: "json", columns: ["uuid", "state", "traceback"] });
  });

  it("names the bad parameter", () => {
    expect(parse("format=xml")).toEqual({ ok: false, problem: { param: "format", message: "must be csv or json" } });
    const columns = parse("columns=uuid,password");
    expect(!columns.ok && columns.problem.param).toBe("columns");
  });
});
