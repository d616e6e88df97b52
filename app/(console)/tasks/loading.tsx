import { Skeleton } from "@/components/ui/skeleton";

export default function TasksLoading() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Tasks</h1>
      <p className="sr-only" role="status">
        Loading tasks…
      </p>
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-6 w-2/3" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        {Array.from({ length: 12 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
