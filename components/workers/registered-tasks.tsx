import { Panel } from "@/components/ui/panel";
import { NotInspected } from "./not-inspected";

export function RegisteredTasks({ tasks }: { tasks: string[] | null }) {
  return (
    <Panel title={tasks === null ? "Registered tasks" : `Registered tasks (${tasks.length})`}>
      {tasks === null ? (
        <NotInspected what="registered task list" />
      ) : tasks.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No tasks registered.</p>
      ) : (
        <ul className="max-h-80 space-y-1 overflow-auto font-mono text-xs break-all">
          {tasks.map((task) => (
            <li key={task}>{task}</li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
