import { describe, expect, it } from "vitest";
import { requestIdFor } from "./request-id";

describe("requestIdFor", () => {
  it("keeps a trusted proxy's id", () => {
    expect(requestIdFor("0f3a9c6e2b7d4e18a5c1f0e9d8b7a6c5", true)).toBe("0f3a9c6e2b7d4e18a5c1f0e9d8b7a6c5");
    expect(requestIdFor(["abcdef12-3456", "other"], true)).toBe("abcdef12-3456");
  });

  it("replaces an id from anyone else, or one that could break a log line", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(requestIdFor("0f3a9c6e2b7d4e18a5c1f0e9d8b7a6c5", false)).toMatch(uuid);
    expect(requestIdFor('abc"\n{"level":60}', true)).toMatch(uuid);
    expect(requestIdFor("x".repeat(129), true)).toMatch(uuid);
    expect(requestIdFor(undefined, true)).toMatch(uuid);
    expect(requestIdFor(undefined, true)).not.toBe(requestIdFor(undefined, true));
  });
});
