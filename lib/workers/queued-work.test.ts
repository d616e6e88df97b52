import { describe, expect, it } from "vitest";
import { readControlFixture } from "@/lib/celery/__fixtures__/control-fixtures";
import { queuedTasksFromReply, sortQueuedTasks } from "./queued-work";

/** The CLI captures answer `{hostname: reply}`: the reply of the one worker in them. */
function replyOf(file: string): unknown {
  const replies = JSON.parse(readControlFixture(file)) as Record<string, unknown>;
  return replies["w1@vm"];
}

describe("queued work from real inspect replies (Celery 5.2.6)", () => {
  it("reads active tasks with their start time and pool process", () => {
    const rows = queuedTasksFromReply("active", replyOf("cli-inspect-active.json"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: "16344453-6b02-4fed-956e-dd34fc88a5cb",
      name: "celery_app.app.sleep",
      kind: "active",
      args: "[12]",
      kwargs: "{}",
      routingKey: "celery",
      priority: 0,
      startedAt: 1795362140207,
      eta: null,
      workerPid: 10746,
      redelivered: false,
    });
  });

  it("reads reserved (prefetched) tasks, which have not started", () => {
    const rows = queuedTasksFromReply("reserved", replyOf("cli-inspect-reserved.json"));
    expect(rows.map((row) => [row.kind, row.startedAt, row.workerPid])).toEqual([
      ["reserved", null, null],
      ["reserved", null, null],
    ]);
  });

  it("reads scheduled tasks with their ETA and the entry's priority", () => {
    const [row, ...rest] = queuedTasksFromReply("scheduled", replyOf("cli-inspect-scheduled.json"));
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ id: "5b21d876-8049-4ad7-b92b-a01eaf258ec3", name: "celery_app.app.add", kind: "scheduled", args: "[1,2]", priority: 6 });
    expect(row?.eta).toBe(Date.parse("2026-11-22T15:47:20.214Z"));
  });

  it("skips entries that are not requests, and replies that are not lists", () => {
    expect(queuedTasksFromReply("active", { error: "nope" })).toEqual([]);
    expect(queuedTasksFromReply("active", [{ name: "no id" }, "text", { id: "x", args: "(1, 2)" }])).toEqual([
      expect.objectContaining({ id: "x", args: "(1, 2)", kwargs: "{}", name: null }),
    ]);
    expect(queuedTasksFromReply("scheduled", [{ eta: "soon", request: { id: "y" } }])).toEqual([expect.objectContaining({ id: "y", eta: null })]);
  });

  it("sorts running, then prefetched, then scheduled by due time", () => {
    const rows = sortQueuedTasks([
      ...queuedTasksFromReply("scheduled", [{ eta: "2030-01-01T00:00:02Z", request: { id: "late" } }, { eta: "2030-01-01T00:00:01Z", request: { id: "early" } }]),
      ...queuedTasksFromReply("reserved", [{ id: "r" }]),
      ...queuedTasksFromReply("active", [{ id: "a2", time_start: 2 }, { id: "a1", time_start: 1 }]),
    ]);
    expect(rows.map((row) => row.id)).toEqual(["a1", "a2", "r", "early", "late"]);
  });
});
