import { StateCounts } from "@/components/tasks/state-counts";
import { QueryTimeoutError } from "@/lib/repositories/postgres-errors";
import { countTasksByState, type TaskStateCounts } from "@/lib/services/tasks";
import { taskListHref, type TaskListView } from "@/lib/tasks/task-list-url";

/** Streams in after the table: counting is the slowest read of the page, so nothing waits for it. */
export async function StateCountsSection({ view, now }: { view: TaskListView; now: Date }) {
  const result = await countTasksByState(view, now).catch((error: unknown): TaskStateCounts | null => {
    if (error instanceof QueryTimeoutError) return null;
    throw error;
  });
  if (result === null) return <p className="text-sm text-slate-500 dark:text-slate-400">Counting by state took too long for this filter; narrow it to see counts.</p>;
  const selected = new Set(view.state ?? []);
  const items = result.counts.map(({ state, count, capped }) => ({
    state,
    count,
    capped,
    selected: selected.has(state),
    // The only chosen state clears the filter; any other chooses that state alone.
    href: taskListHref(view, { state: selected.size === 1 && selected.has(state) ? undefined : [state] }),
  }));
  return <StateCounts items={items} totalCapped={result.totalCapped} cap={result.cap} />;
}
