import { describe, expect, it } from "vitest";
import { buildFamilyTree, countNodes, type FamilyMember, type FamilyNode } from "./family-tree";

const member = (uuid: string, parentId: string | null): FamilyMember => ({ uuid, name: `t.${uuid}`, state: "SUCCESS", parentId });

function shape(nodes: readonly FamilyNode[]): unknown[] {
  return nodes.map((node) => (node.children.length === 0 ? node.uuid : { [node.uuid]: shape(node.children) }));
}

describe("buildFamilyTree", () => {
  it("nests a chain step under the step before it", () => {
    // celery chain(add, mul, add): root = first step, parent = previous step
    expect(shape(buildFamilyTree([member("a", null), member("b", "a"), member("c", "b")]))).toEqual([{ a: [{ b: ["c"] }] }]);
  });

  it("puts a child whose parent was never seen at the top, in the given order", () => {
    expect(shape(buildFamilyTree([member("b", "missing"), member("a", null), member("c", "a")]))).toEqual(["b", { a: ["c"] }]);
  });

  it("ignores a retried task's parent id pointing at itself", () => {
    expect(shape(buildFamilyTree([member("r", "r")]))).toEqual(["r"]);
  });

  it("shows every node of a cycle and terminates", () => {
    const tree = buildFamilyTree([member("a", "b"), member("b", "a"), member("c", "a")]);
    expect(countNodes(tree)).toBe(3);
  });

  it("keeps only the first of duplicated ids", () => {
    expect(countNodes(buildFamilyTree([member("a", null), member("a", null)]))).toBe(1);
  });
});
