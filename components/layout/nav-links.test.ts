import { describe, expect, it } from "vitest";
import { NAV_LINKS, sectionOf } from "./nav-links";

describe("navigation", () => {
  it("links the sections that have pages (beat included)", () => {
    expect(NAV_LINKS.map((link) => link.href)).toContain("/beat");
    expect(sectionOf("/beat/conf%3Anightly")).toBe("/beat");
  });

  it("marks the section a page belongs to", () => {
    expect(sectionOf("/")).toBe("/");
    expect(sectionOf("/dashboard")).toBe("/");
    expect(sectionOf("/worker/w1@host")).toBe("/workers");
    expect(sectionOf("/workers")).toBe("/workers");
    expect(sectionOf("/task/abc")).toBe("/tasks");
    expect(sectionOf("/monitor")).toBe("/monitor");
    expect(sectionOf("/alerts/rules/failure-rate")).toBe("/alerts");
    expect(sectionOf("/nowhere")).toBe("");
  });
});
