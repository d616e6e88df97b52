import { describe, expect, it } from "vitest";
import { initialState, step, type AlertCondition, type AlertState, type Notification } from "./state-machine";

/**
 * Replays value sequences (one observation per tick) into a fresh state and asserts the
 * phases and notifications, the way Celery's state tests replay events.
 */
const T0 = 1_800_000_000_000;

type Tick = { at: number; value: number | null; muted?: boolean; acknowledge?: boolean };

function replay(condition: AlertCondition, ticks: readonly Tick[]) {
  let state: AlertState = initialState(T0);
  const log: { at: number; phase: string; transition: string | null; notify: Notification | null }[] = [];
  for (const tick of ticks) {
    if (tick.acknowledge) state = { ...state, acknowledged: true };
    const result = step(condition, state, { value: tick.value, at: tick.at }, tick.muted ?? false);
    state = result.state;
    log.push({ at: tick.at, phase: state.phase, transition: result.transition, notify: result.notify });
  }
  return { state, log, notifications: log.filter((entry) => entry.notify).map((entry) => [entry.at - T0, entry.notify]) };
}

/** One tick per second from T0, with these values. */
const everySecond = (values: readonly (number | null)[]): Tick[] => values.map((value, i) => ({ at: T0 + i * 1000, value }));

const queueDepth: AlertCondition = { operator: "above", threshold: 50, clearThreshold: 40, forSeconds: 3, clearForSeconds: 2, renotifySeconds: 0 };

describe("alert state machine", () => {
  it("waits in pending for `for` seconds, then fires once", () => {
    const { log, notifications } = replay(queueDepth, everySecond([10, 60, 61, 62, 63, 64, 65]));
    expect(log.map((entry) => entry.phase)).toEqual(["ok", "pending", "pending", "pending", "firing", "firing", "firing"]);
    // pending began at 1 s; 3 s later (at 4 s) it fires
    expect(notifications).toEqual([[4000, "fired"]]);
    expect(log.filter((entry) => entry.transition === "fired")).toHaveLength(1);
  });

  it("a blip shorter than `for` never fires and goes back to ok", () => {
    const { log, notifications } = replay(queueDepth, everySecond([60, 61, 10, 60, 10]));
    expect(log.map((entry) => entry.phase)).toEqual(["pending", "pending", "ok", "pending", "ok"]);
    expect(notifications).toEqual([]);
  });

  it("fires at once when `for` is 0", () => {
    const { log, notifications } = replay({ ...queueDepth, forSeconds: 0 }, everySecond([51]));
    expect(log[0]?.phase).toBe("firing");
    expect(notifications).toEqual([[0, "fired"]]);
  });

  it("does not flap while the value hovers around the threshold (hysteresis band)", () => {
    // Fires at 50+, then hovers 45..55 for a long time: between the clear line (40) and the threshold it stays firing.
    const hovering = [55, 55, 55, 55, 49, 51, 45, 52, 48, 50, 46, 53, 44, 55, 41];
    const { log, notifications } = replay(queueDepth, everySecond(hovering));
    expect(notifications).toEqual([[3000, "fired"]]);
    expect(log.slice(3).every((entry) => entry.phase === "firing")).toBe(true);
    expect(log.filter((entry) => entry.transition !== null).map((entry) => entry.transition)).toEqual(["fired"]);
  });

  it("resolves only after the value stayed clear for `clearFor` seconds", () => {
    // fire at 3 s; clear (≤ 40) at 5 s, back up at 6 s (not clear long enough), clear again from 7 s, resolved at 9 s
    const { log, notifications } = replay(queueDepth, everySecond([60, 60, 60, 60, 60, 30, 45, 30, 30, 30, 30]));
    expect(log.map((entry) => entry.phase)).toEqual(["pending", "pending", "pending", "firing", "firing", "firing", "firing", "firing", "firing", "ok", "ok"]);
    expect(notifications).toEqual([
      [3000, "fired"],
      [9000, "resolved"],
    ]);
  });

  it("counts no data as clear (nothing to judge ends an alert)", () => {
    const { notifications } = replay({ ...queueDepth, clearForSeconds: 0 }, everySecond([60, 60, 60, 60, null]));
    expect(notifications).toEqual([
      [3000, "fired"],
      [4000, "resolved"],
    ]);
  });

  it("reminds every renotify interval while firing, and stops once acknowledged", () => {
    const condition: AlertCondition = { operator: "below", threshold: 1, clearThreshold: null, forSeconds: 0, clearForSeconds: 0, renotifySeconds: 10 };
    const ticks: Tick[] = Array.from({ length: 36 }, (_, i) => ({ at: T0 + i * 1000, value: 0, acknowledge: i === 25 }));
    const { notifications, state } = replay(condition, ticks);
    expect(notifications).toEqual([
      [0, "fired"],
      [10_000, "reminder"],
      [20_000, "reminder"],
    ]);
    expect(state.acknowledged).toBe(true);
  });

  it("a below-threshold rule fires under the line and clears at or over the clear line", () => {
    const successRate: AlertCondition = { operator: "below", threshold: 90, clearThreshold: 95, forSeconds: 0, clearForSeconds: 0, renotifySeconds: 0 };
    const { log } = replay(successRate, everySecond([99, 89, 92, 94, 95]));
    expect(log.map((entry) => entry.phase)).toEqual(["ok", "firing", "firing", "firing", "ok"]);
  });

  it("while muted (silenced) tracks the state but sends nothing; when the silence ends a still-firing alert is announced", () => {
    const condition = { ...queueDepth, forSeconds: 0, renotifySeconds: 0 };
    const ticks: Tick[] = [
      { at: T0, value: 60, muted: true },
      { at: T0 + 1000, value: 60, muted: true },
      { at: T0 + 2000, value: 60, muted: false },
      { at: T0 + 3000, value: 60, muted: false },
    ];
    const { log, notifications } = replay(condition, ticks);
    expect(log[0]).toMatchObject({ phase: "firing", transition: "fired", notify: null });
    expect(notifications).toEqual([[2000, "fired"]]);
  });

  it("a silenced alert resolves without a notification, and nobody is told of a resolution they were never told had fired", () => {
    const condition = { ...queueDepth, forSeconds: 0, clearForSeconds: 0 };
    const muted = replay(condition, [
      { at: T0, value: 60, muted: false },
      { at: T0 + 1000, value: 10, muted: true },
    ]);
    expect(muted.log[1]).toMatchObject({ phase: "ok", transition: "resolved", notify: null });
    const neverTold = replay(condition, [
      { at: T0, value: 60, muted: true },
      { at: T0 + 1000, value: 10, muted: false },
    ]);
    expect(neverTold.log[1]).toMatchObject({ phase: "ok", transition: "resolved", notify: null });
  });

  it("a new firing starts unacknowledged", () => {
    const condition = { ...queueDepth, forSeconds: 0, clearForSeconds: 0, renotifySeconds: 1 };
    const { notifications } = replay(condition, [
      { at: T0, value: 60 },
      { at: T0 + 1000, value: 60, acknowledge: true },
      { at: T0 + 2000, value: 10 },
      { at: T0 + 3000, value: 60 },
      { at: T0 + 4000, value: 60 },
    ]);
    expect(notifications).toEqual([
      [0, "fired"],
      [2000, "resolved"],
      [3000, "fired"],
      [4000, "reminder"],
    ]);
  });
});
