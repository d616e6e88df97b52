import Link from "next/link";

export default function TaskNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Task not found</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Bloom has no record of this task id. It may not have been sent yet, its events may not have arrived (are workers running with <code className="font-mono">-E</code>?), or it was
        removed by retention.
      </p>
      <Link href="/tasks" className="text-sm font-medium text-emerald-700 hover:underline dark:text-emerald-400">
        Back to tasks
      </Link>
    </div>
  );
}
