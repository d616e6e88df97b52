import { describe, expect, it } from "vitest";
import { abortedResultMeta, parseResultMeta, resultMetaKey } from "./result-meta";

describe("parseResultMeta", () => {
  it("reads a record as the Redis backend stores it (see wire-samples/redis-keys.txt)", () => {
    const raw = JSON.stringify({
      status: "SUCCESS",
      result: 5,
      traceback: null,
      children: [],
      date_done: "2026-11-23T10:00:00.123456",
      task_id: "abc",
      name: "bloom_sample.add",
      args: [2, 3],
      kwargs: {},
      worker: "w1@vm",
      retries: 0,
      queue: "celery",
    });
    expect(parseResultMeta(raw)).toEqual({
      taskId: "abc",
      status: "SUCCESS",
      result: "5",
      traceback: null,
      dateDone: Date.parse("2026-11-23T10:00:00.123Z") / 1000,
      name: "bloom_sample.add",
      args: "[2,3]",
      kwargs: "{}",
      worker: "w1@vm",
      retries: 0,
      queue: "celery",
    });
  });

  it("keeps failures' exception result and traceback", () => {
    const meta = parseResultMeta(JSON.stringify({ status: "FAILURE", result: { exc_type: "ValueError", exc_message: ["boom"] }, traceback: "Traceback...", task_id: "t", date_done: "2026-11-23T10:00:00+00:00" }));
    expect(meta?.status).toBe("FAILURE");
    expect(meta?.traceback).toBe("Traceback...");
    expect(meta?.dateDone).toBe(Date.parse("2026-11-23T10:00:00Z") / 1000);
  });

  it("refuses what it cannot read instead of throwing", () => {
    expect(parseResultMeta(null)).toBeNull();
    expect(parseResultMeta("\x80\x04pickle")).toBeNull();
    expect(parseResultMeta("[1,2]")).toBeNull();
    expect(parseResultMeta(JSON.stringify({ status: "SUCCESS" }))).toBeNull();
  });

  it("names keys like Celery", () => {
    expect(resultMetaKey("abc")).toBe("celery-task-meta-abc");
  });

  it("writes an abort as Celery's AbortableAsyncResult.abort() does, byte for byte", () => {
    // kombu.utils.json.dumps({...}) with Debian's Celery 5.2 / Python 3.11, for an id with
    // non-ASCII, DEL, a newline and an astral character:
    const python = '{"status": "ABORTED", "result": null, "traceback": null, "children": null, "date_done": null, "task_id": "\\u00fc-\\u007f-\\n-\\ud83d\\ude00"}';
    expect(abortedResultMeta("\u00fc-\u007f-\n-\u{1f600}")).toBe(python);
    expect(parseResultMeta(abortedResultMeta("abc"))).toMatchObject({ taskId: "abc", status: "ABORTED", result: "null", dateDone: null });
  });
});
