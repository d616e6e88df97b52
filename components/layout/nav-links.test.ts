import { describe, expect, it } from "vitest";
import { NAV_LINKS, sectionOf } from "./nav-links";

describe("navigation", () => {
  it("links no section that has no page yet", () => {
    expect(NAV_LINKS.map((link) => link.href)).not.toContain("/beat");
    expect(NAV_LINKS.map((link) => link.href)).not.toContain("/alerts");
  });

  it("marks the section a page belongs to", () => {
    expect(sectionOf("/")).toBe("/");
    expect(sectionOf("/dashboard")).toBe("/");
    expect(sectionOf("/worker/w1@host")).toBe("/workers");
    expect(sectionOf("/workers")).toBe("/workers");
    expect(sectionOf("/task/abc")).toBe("/tasks");
    expect(sectionOf("/monitor")).toBe("/monitor");
    expect(sectionOf("/nowhere")).toBe("");
  });
});
