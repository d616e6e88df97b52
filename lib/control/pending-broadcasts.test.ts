import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PendingBroadcasts } from "./pending-broadcasts";

describe("PendingBroadcasts", () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves as soon as the expected workers replied, routing replies by ticket", async () => {
    const pending = new PendingBroadcasts(clock);
    const first = pending.begin("t1", ["a@h", "b@h"], 5_000);
    const second = pending.begin("t2", 1, 5_000);
    expect(pending.deliver({ ticket: "t1", replies: { "a@h": { ok: "pong" } } })).toBe(true);
    now = 12;
    expect(pending.deliver({ ticket: "t2", replies: { "c@h": { error: "unknown task" } } })).toBe(true);
    await expect(second).resolves.toEqual({ replies: { "c@h": { error: "unknown task" } }, timedOut: false, elapsedMs: 12 });
    now = 20;
    pending.deliver({ ticket: "t1", replies: { "b@h": { ok: "pong" } } });
    await expect(first).resolves.toEqual({ replies: { "a@h": { ok: "pong" }, "b@h": { ok: "pong" } }, timedOut: false, elapsedMs: 20 });
    expect(pending.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits the whole timeout without an expectation, and that is not a timeout", async () => {
    const pending = new PendingBroadcasts(clock);
    const result = pending.begin("t1", undefined, 1_000);
    pending.deliver({ ticket: "t1", replies: { "a@h": 1 } });
    now = 1_000;
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toEqual({ replies: { "a@h": 1 }, timedOut: false, elapsedMs: 1_000 });
  });

  it("reports a timeout when an expected worker stayed silent", async () => {
    const pending = new PendingBroadcasts(clock);
    const result = pending.begin("t1", ["a@h", "gone@h"], 1_000);
    pending.deliver({ ticket: "t1", replies: { "a@h": 1 } });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ replies: { "a@h": 1 }, timedOut: true });
  });

  it("drops late, foreign and ticketless replies", async () => {
    const pending = new PendingBroadcasts(clock);
    expect(pending.deliver({ ticket: "nobody", replies: { "a@h": 1 } })).toBe(false);
    expect(pending.deliver({ replies: { "a@h": 1 } })).toBe(false);
    const result = pending.begin("t1", 1, 1_000);
    expect(() => pending.begin("t1", 1, 1_000)).toThrow();
    pending.deliver({ ticket: "t1", replies: { "a@h": 1 } });
    await result;
    expect(pending.deliver({ ticket: "t1", replies: { "b@h": 1 } })).toBe(false);
  });

  it("fails what is pending, clearing its timers", async () => {
    const pending = new PendingBroadcasts(clock);
    const one = pending.begin("t1", undefined, 1_000);
    const two = pending.begin("t2", undefined, 1_000);
    pending.fail("t1", new Error("lost"));
    pending.failAll(new Error("closed"));
    await expect(one).rejects.toThrow("lost");
    await expect(two).rejects.toThrow("closed");
    expect(vi.getTimerCount()).toBe(0);
  });
});
