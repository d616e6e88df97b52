/**
 * A task family (chain, group, chord, retries) as a tree built from parent ids. Events may
 * be missing or arrive out of order, so the tree is built defensively: a child whose parent
 * Bloom never saw becomes a top-level node, a retried task's parent_id pointing at itself
 * (Celery does that) is no edge, and a cycle cannot hide nodes or loop forever.
 */

export type FamilyMember = { uuid: string; name: string | null; state: string; parentId: string | null };

export type FamilyNode = FamilyMember & { children: FamilyNode[] };

/** Members in the order given (oldest first) under their parents; returns the top-level nodes. */
export function buildFamilyTree(members: readonly FamilyMember[]): FamilyNode[] {
  const nodes = new Map<string, FamilyNode>();
  for (const member of members) if (!nodes.has(member.uuid)) nodes.set(member.uuid, { ...member, children: [] });

  const parentOf = (node: FamilyNode): FamilyNode | null => {
    if (node.parentId === null || node.parentId === node.uuid) return null;
    return nodes.get(node.parentId) ?? null;
  };

  const roots: FamilyNode[] = [];
  for (const node of nodes.values()) {
    const parent = parentOf(node);
    if (parent && !createsCycle(node, parent, parentOf)) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

// Following parents from `parent` upwards reaches `node` again: the edge would close a cycle.
function createsCycle(node: FamilyNode, parent: FamilyNode, parentOf: (node: FamilyNode) => FamilyNode | null): boolean {
  const seen = new Set<string>([node.uuid]);
  for (let current: FamilyNode | null = parent; current; current = parentOf(current)) {
    if (seen.has(current.uuid)) return true;
    seen.add(current.uuid);
  }
  return false;
}

/** Number of nodes in a forest. */
export function countNodes(nodes: readonly FamilyNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}
