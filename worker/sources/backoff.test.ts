import { describe, expect, it } from "vitest";
import { backoffDelay, createBackoff, DEFAULT_BACKOFF } from "./backoff";

const noJitter = () => 0;
const fullJitter = () => 1;

describe("backoffDelay", () => {
  it("doubles from the initial delay until the cap", () => {
    const options = { initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0.5 };
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options, noJitter));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("caps at about 30 s by default, even after very many attempts", () => {
    expect(backoffDelay(1_000_000, DEFAULT_BACKOFF, noJitter)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, DEFAULT_BACKOFF, noJitter)).toBe(30_000);
  });

  it("keeps jittered delays within [base·(1−jitter), base], so the cap is never exceeded", () => {
    const options = { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.25 };
    expect(backoffDelay(1, options, fullJitter)).toBe(750);
    expect(backoffDelay(50, options, fullJitter)).toBe(22_500);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(10, options);
      expect(d).toBeGreaterThanOrEqual(22_500);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });

  it("treats nonsense attempts and options as sane values instead of throwing or returning NaN", () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, noJitter)).toBe(DEFAULT_BACKOFF.initialMs);
    expect(backoffDelay(Number.NaN, DEFAULT_BACKOFF, noJitter)).toBe(DEFAULT_BACKOFF.initialMs);
    expect(backoffDelay(3, { initialMs: -5, maxMs: 100, factor: 0.5, jitter: 7 }, noJitter)).toBe(0);
    expect(backoffDelay(3, { initialMs: 0, maxMs: 100, factor: 1e9, jitter: 0 }, noJitter)).toBe(0);
    expect(backoffDelay(2, { initialMs: 10, maxMs: 100, factor: Number.NaN, jitter: 0 }, noJitter)).toBe(20);
    expect(backoffDelay(2, { initialMs: 10, maxMs: 100, factor: 2, jitter: 1 }, () => 5)).toBe(0);
  });
});

describe("createBackoff", () => {
  it("counts attempts and starts over after reset()", () => {
    const backoff = createBackoff({ initialMs: 10, maxMs: 1_000, jitter: 0 });
    expect(backoff.next()).toEqual({ attempt: 1, delayMs: 10 });
    expect(backoff.next()).toEqual({ attempt: 2, delayMs: 20 });
    expect(backoff.attempt).toBe(2);
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toEqual({ attempt: 1, delayMs: 10 });
  });
});
