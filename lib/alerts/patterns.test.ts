import { describe, expect, it } from "vitest";
import { likePatterns, makeMatcher } from "./patterns";

describe("scope patterns", () => {
  it("match whole names with * and ?, any of a comma list, and everything when blank", () => {
    const match = makeMatcher("reports.*, billing.export_?");
    expect(["reports.daily", "billing.export_1"].every(match)).toBe(true);
    expect(["xreports.daily", "billing.export_12", "billing.export"].some(match)).toBe(false);
    expect(makeMatcher(null)("anything")).toBe(true);
    expect(makeMatcher(" , ")("anything")).toBe(true);
  });

  it("treat regex characters literally", () => {
    expect(makeMatcher("a.b")("axb")).toBe(false);
    expect(makeMatcher("w(1)+@h")("w(1)+@h")).toBe(true);
  });

  it("turn into SQL LIKE patterns with % and _ escaped", () => {
    expect(likePatterns("app.*, a_b?")).toEqual(["app.%", "a\\_b_"]);
    expect(likePatterns(null)).toEqual(["%"]);
  });
});
