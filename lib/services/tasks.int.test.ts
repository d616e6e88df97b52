import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { getPrisma } from "@/lib/db/client";
import { taskListParams, type TaskListParams } from "@/lib/schemas/task-list";
import { InvalidParameterError } from "./service-errors";
import { countTasksByState, getTask, getTaskFilterOptions, listTasks } from "./tasks";

/**
 * The tasks service as the page uses it (its own Prisma client from DATABASE_URL): pages and
 * cursors in both directions, a cursor from another order, the task view with its family.
 */

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const COUNT = 25;
const ids = Array.from({ length: COUNT }, (_, i) => `task-${String(i).padStart(3, "0")}`);
// received one second apart: newest first is task-024 … task-000
const newestFirst = [...ids].reverse();

const params = (query: string): TaskListParams => taskListParams.parse(Object.fromEntries(new URLSearchParams(query)));

describe("tasks service", () => {
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_tasks_service");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
    const prisma = getPrisma();
    await prisma.task.createMany({
      data: ids.map((uuid, i) => ({
        uuid,
        name: i % 2 ? "app.even" : "app.odd",
        state: i % 5 === 0 ? "FAILURE" : "SUCCESS",
        worker: "w1@host",
        queue: "celery",
        args: `(${i},)`,
        receivedAt: new Date(T0 + i * 1000),
        rootId: i < 3 ? "task-000" : uuid,
        parentId: i > 0 && i < 3 ? ids[i - 1] : null,
      })),
    });
    await prisma.taskEvent.createMany({
      data: [
        { taskId: "task-001", type: "task-received", hostname: "w1@host", timestamp: new Date(T0 + 1000), fields: {} },
        { taskId: "task-001", type: "task-succeeded", hostname: "w1@host", timestamp: new Date(T0 + 1250), fields: { result: "1" } },
      ],
    });
  });

  afterAll(async () => {
    await getPrisma().$disconnect();
    await drop?.();
  });

  it("pages forwards and back with cursors, never repeating or skipping a row", async () => {
    const first = await listTasks(params(""), new Date(), 10);
    expect(first.rows.map((row) => row.uuid)).toEqual(newestFirst.slice(0, 10));
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();

    const second = await listTasks(params(`after=${first.next}`), new Date(), 10);
    expect(second.rows.map((row) => row.uuid)).toEqual(newestFirst.slice(10, 20));
    const third = await listTasks(params(`after=${second.next}`), new Date(), 10);
    expect(third.rows.map((row) => row.uuid)).toEqual(newestFirst.slice(20));
    expect(third.next).toBeNull();

    const back = await listTasks(params(`before=${third.previous}`), new Date(), 10);
    expect(back.rows.map((row) => row.uuid)).toEqual(newestFirst.slice(10, 20));
    expect(back.next).not.toBeNull();
    expect(back.previous).not.toBeNull();
  });

  it("shows the whole first page when going back reaches the top", async () => {
    const top = await listTasks(params(""), new Date(), 2);
    const third = await listTasks(params(`after=${top.next}`), new Date(), 1);
    expect(third.rows.map((row) => row.uuid)).toEqual([newestFirst[2]]);
    // Only two rows precede the third: going back shows the first page whole, not a stub of two.
    const back = await listTasks(params(`before=${third.previous}`), new Date(), 10);
    expect(back.rows.map((row) => row.uuid)).toEqual(newestFirst.slice(0, 10));
    expect(back.previous).toBeNull();
  });

  it("refuses a cursor taken from another sort order, naming the parameter", async () => {
    const first = await listTasks(params(""), new Date(), 10);
    await expect(listTasks(params(`sort=runtime&after=${first.next}`))).rejects.toEqual(new InvalidParameterError("after", "the cursor belongs to another sort order"));
    await expect(listTasks(params("after=bm90LWpzb24"))).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("counts by state and offers the distinct values", async () => {
    expect(await countTasksByState(params("state=FAILURE"))).toEqual({
      counts: [
        { state: "FAILURE", count: 5, capped: false },
        { state: "SUCCESS", count: 20, capped: false },
      ],
      totalCapped: false,
      cap: 10_000,
    });
    expect(await getTaskFilterOptions()).toMatchObject({ names: ["app.even", "app.odd"], workers: ["w1@host"], queues: ["celery"] });
  });

  it("reads a task with its timeline and family, and null for an unknown id", async () => {
    const view = await getTask("task-001");
    expect(view?.task).toMatchObject({ uuid: "task-001", name: "app.even", args: "(1,)", parentId: "task-000", rootId: "task-000" });
    expect(view?.events.map((event) => [event.type, event.at - T0])).toEqual([
      ["task-received", 1000],
      ["task-succeeded", 1250],
    ]);
    expect(view?.family.tree).toMatchObject([{ uuid: "task-000", children: [{ uuid: "task-001", children: [{ uuid: "task-002" }] }] }]);
    expect(await getTask("task-nope")).toBeNull();
  });
});
