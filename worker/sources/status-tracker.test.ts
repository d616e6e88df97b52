import { describe, expect, it } from "vitest";
import type { SourceStatus } from "./event-source";
import { silentLogger } from "@/lib/broker/silent-logger";
import { StatusTracker } from "./status-tracker";

function tracker() {
  let t = 1_000;
  const clock = { tick: (ms: number) => (t += ms) };
  const s = new StatusTracker(silentLogger(), () => t);
  const seen: SourceStatus[] = [];
  s.subscribe((status) => seen.push(status));
  return { s, seen, clock };
}

describe("StatusTracker", () => {
  it("stays 'connecting' through failures before the first success, then reports 'disconnected'", () => {
    const { s, seen, clock } = tracker();
    s.failed("ECONNREFUSED", 1);
    clock.tick(500);
    s.failed("ECONNREFUSED", 2);
    clock.tick(500);
    s.connected();
    clock.tick(500);
    s.failed("connection closed", 1);
    expect(seen.map((x) => [x.state, x.attempt, x.since])).toEqual([
      ["connecting", 1, 1_000],
      ["connecting", 2, 1_000],
      ["connected", undefined, 2_000],
      ["disconnected", 1, 2_500],
    ]);
  });

  it("keeps 'since' at the moment of loss while retries go on, and notifies each retry once", () => {
    const { s, seen, clock } = tracker();
    s.connected();
    s.failed("gone", 1);
    const lostAt = s.get().since;
    clock.tick(1_000);
    s.failed("gone", 2);
    s.failed("gone", 2);
    expect(s.get()).toEqual({ state: "disconnected", since: lostAt, error: "gone", attempt: 2 });
    expect(seen).toHaveLength(3);
  });

  it("ignores everything after 'stopped'", () => {
    const { s } = tracker();
    s.stopped();
    s.connected();
    s.failed("late socket event", 1);
    expect(s.get().state).toBe("stopped");
  });

  it("survives a throwing listener and still informs the others", () => {
    const { s, seen } = tracker();
    s.subscribe(() => {
      throw new Error("listener bug");
    });
    s.connected();
    expect(seen.at(-1)?.state).toBe("connected");
  });

  it("firstOutcome resolves on the first failure or success", async () => {
    const a = tracker();
    const pa = a.s.firstOutcome();
    a.s.failed("ECONNREFUSED", 1);
    await expect(pa).resolves.toBeUndefined();
    const b = tracker();
    const pb = b.s.firstOutcome();
    b.s.connected();
    await expect(pb).resolves.toBeUndefined();
  });
});
