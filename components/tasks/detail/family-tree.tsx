import Link from "next/link";
import type { FamilyNode } from "@/lib/tasks/family-tree";
import { taskHref } from "@/lib/tasks/task-list-url";
import { StateBadge } from "../state-badge";

/** Nesting stops indenting here: a 500-step chain must not push its tail off the screen. */
const MAX_INDENT = 8;

/**
 * The task's family (parent, root, children; a chain's steps, a chord's header and body) as
 * nested lists of links. The task being viewed is marked as the current page.
 */
export function FamilyTree({ nodes, currentId, shown, total }: { nodes: FamilyNode[]; currentId: string; shown: number; total: number | null }) {
  const alone = nodes.length === 1 && nodes[0]?.children.length === 0;
  return (
    <nav aria-label="Task family" className="text-sm">
      {alone ? <p className="text-slate-500 dark:text-slate-400">No parent, children or other family members recorded.</p> : <Branch nodes={nodes} currentId={currentId} depth={0} />}
      {total !== null ? (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Showing {shown} of {total} tasks in this family.
        </p>
      ) : null}
    </nav>
  );
}

function Branch({ nodes, currentId, depth }: { nodes: FamilyNode[]; currentId: string; depth: number }) {
  return (
    <ul className={depth === 0 ? "space-y-1" : depth <= MAX_INDENT ? "mt-1 space-y-1 border-l border-slate-200 pl-4 dark:border-slate-700" : "mt-1 space-y-1"}>
      {nodes.map((node) => (
        <li key={node.uuid}>
          <div className="flex flex-wrap items-center gap-2">
            {node.uuid === currentId ? (
              <span aria-current="page" className="font-mono text-xs font-semibold text-slate-900 dark:text-white">
                {node.uuid} (this task)
              </span>
            ) : (
              <Link href={taskHref(node.uuid)} className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
                {node.uuid}
              </Link>
            )}
            <span className="text-slate-700 dark:text-slate-300">{node.name ?? "(name unknown)"}</span>
            <StateBadge state={node.state} />
          </div>
          {node.children.length > 0 ? <Branch nodes={node.children} currentId={currentId} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}
