import { afterEach, describe, expect, it } from "vitest";
import { statusOfError } from "@/lib/http/error-status";
import { ControlServiceError } from "./control-service-error";
import { globToLike } from "./revoke";
import { parseInput, toWorkerReplies } from "./run-command";
import { autoscaleInput, poolSizeInput, rateLimitInput, revokeInput, sendTaskInput, timeLimitInput } from "./schemas";
import { readTaskResult } from "./task-result";

const admin = { kind: "session", name: "alice", role: "admin" } as const;

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ControlServiceError && error.code === "invalid_input") return error.field;
    throw error;
  }
  return undefined;
}

describe("control service inputs", () => {
  it("refuses what a worker would misread, naming the field", () => {
    expect(fieldOf(() => parseInput(poolSizeInput, { hostname: "w1@h", n: -1 }))).toBe("n");
    expect(fieldOf(() => parseInput(poolSizeInput, { hostname: "w1@h", n: 1.5 }))).toBe("n");
    expect(fieldOf(() => parseInput(poolSizeInput, { hostname: "", n: 1 }))).toBe("hostname");
    expect(fieldOf(() => parseInput(rateLimitInput, { hostname: "w1@h", taskName: "t", rateLimit: "10/minute" }))).toBe("rateLimit");
    expect(fieldOf(() => parseInput(rateLimitInput, { hostname: "w1@h", taskName: "t", rateLimit: "-1" }))).toBe("rateLimit");
    expect(fieldOf(() => parseInput(timeLimitInput, { hostname: "w1@h", taskName: "t", soft: 30, hard: 10 }))).toBe("soft");
    expect(fieldOf(() => parseInput(autoscaleInput, { hostname: "w1@h", max: 2, min: 3 }))).toBe("max");
    expect(fieldOf(() => parseInput(revokeInput, { taskIds: ["a"], signal: "SIGFOO" }))).toBe("signal");
    expect(fieldOf(() => parseInput(revokeInput, { taskIds: [] }))).toBe("taskIds");
    expect(fieldOf(() => parseInput(sendTaskInput, { name: "t", countdown: 5, eta: "2026-11-22T15:47:20Z" }))).toBe("countdown");
    expect(fieldOf(() => parseInput(sendTaskInput, { name: "t", priority: 256 }))).toBe("priority");
    expect(fieldOf(() => parseInput(poolSizeInput, { hostname: "w1@h", n: 1, extra: true }))).toBe("extra");
  });

  it("accepts Celery's forms and fills Celery's defaults", () => {
    expect(parseInput(poolSizeInput, { hostname: "w1@h" })).toEqual({ hostname: "w1@h", n: 1 });
    expect(parseInput(rateLimitInput, { hostname: "w1@h", taskName: "t", rateLimit: "10/m" }).rateLimit).toBe("10/m");
    expect(parseInput(revokeInput, { taskIds: ["a"], signal: "kill" })).toMatchObject({ signal: "SIGKILL", terminate: false, allowUnknown: false });
    expect(parseInput(sendTaskInput, { name: "t" })).toEqual({ name: "t", queue: "celery", args: [], kwargs: {} });
  });
});

describe("worker replies", () => {
  it("lists every expected worker, its answer, its error, or its silence", () => {
    const replies = toWorkerReplies({ "b@h": { error: "Autoscale not enabled" }, "a@h": { ok: "pool will grow" }, "x@h": { pool: {} } }, ["a@h", "b@h", "c@h"], 1_500);
    expect(replies).toEqual([
      { hostname: "a@h", status: "ok", reply: { ok: "pool will grow" }, message: "pool will grow" },
      { hostname: "b@h", status: "error", reply: { error: "Autoscale not enabled" }, message: "Autoscale not enabled" },
      { hostname: "c@h", status: "no_reply", reply: null, message: "no reply within 1.5 s" },
      { hostname: "x@h", status: "ok", reply: { pool: {} }, message: "ok" },
    ]);
  });
});

describe("revoke by name", () => {
  it("turns * into % and keeps LIKE's own wildcards literal", () => {
    expect(globToLike("proj.reports.*")).toBe("proj.reports.%");
    expect(globToLike("a_b%c\\*")).toBe("a\\_b\\%c\\\\%");
  });
});

describe("errors", () => {
  it("map to their HTTP status", () => {
    const status = (code: ControlServiceError["code"]) => statusOfError(new ControlServiceError(code, "m"))?.status;
    expect([status("invalid_input"), status("unknown_worker"), status("unknown_task"), status("broker_unavailable"), status("timeout"), status("unsupported")]).toEqual([400, 404, 404, 503, 504, 501]);
  });
});

describe("task results", () => {
  const saved = process.env.CELERY_RESULT_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.CELERY_RESULT_BACKEND;
    else process.env.CELERY_RESULT_BACKEND = saved;
  });

  it("refuses backends other than Redis, and a missing one, as unsupported", async () => {
    for (const url of ["db+postgresql://u:p@db/celery", "rpc://", "s3://bucket", undefined]) {
      if (url === undefined) delete process.env.CELERY_RESULT_BACKEND;
      else process.env.CELERY_RESULT_BACKEND = url;
      const error = await readTaskResult(admin, { id: "x" }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ControlServiceError);
      expect(error).toMatchObject({ code: "unsupported" });
      expect((error as Error).message).not.toContain(":p@");
    }
  });
});
