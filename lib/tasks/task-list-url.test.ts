import { describe, expect, it } from "vitest";
import { taskExportHref, taskHref, taskListHref, type TaskListView } from "./task-list-url";
import { sortHeaders } from "./task-list-view";

const view: TaskListView = { state: ["FAILURE", "RETRY"], q: "boom", sort: "received", dir: "desc", after: "CURSOR" };

describe("tasks table links", () => {
  it("writes only what differs from the defaults", () => {
    expect(taskListHref({ sort: "received", dir: "desc" })).toBe("/tasks");
    expect(taskListHref({ ...view, after: undefined, from: new Date("2026-11-23T10:00:00Z") })).toBe("/tasks?state=FAILURE%2CRETRY&q=boom&from=2026-11-23T10%3A00%3A00.000Z");
  });

  it("keeps the cursor when only the page changes, drops it when anything else does", () => {
    expect(taskListHref(view, { after: "NEXT" })).toContain("after=NEXT");
    expect(taskListHref(view, { state: ["SUCCESS"] })).toBe("/tasks?state=SUCCESS&q=boom");
  });

  it("exports the filter without the page", () => {
    expect(taskExportHref(view, "csv")).toBe("/api/v1/tasks/export?state=FAILURE%2CRETRY&q=boom&format=csv");
  });

  it("sorts by a column newest first, and flips the column already sorted", () => {
    const headers = sortHeaders({ sort: "received", dir: "desc" });
    expect(headers.received).toEqual({ href: "/tasks?dir=asc", sorted: "descending" });
    expect(headers.runtime).toEqual({ href: "/tasks?sort=runtime", sorted: null });
  });

  it("encodes task ids in paths", () => {
    expect(taskHref("a/b?c")).toBe("/task/a%2Fb%3Fc");
  });
});
