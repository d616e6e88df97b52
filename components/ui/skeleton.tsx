/** Placeholder shapes while a panel's data loads; hidden from assistive tech, which gets the busy region instead. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}

export function PanelSkeleton({ title, lines = 3, chart = false, className = "" }: { title: string; lines?: number; chart?: boolean; className?: string }) {
  return (
    <section aria-label={title} aria-busy="true" className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      <h2 className="mb-3 text-sm font-medium text-slate-600 dark:text-slate-300">{title}</h2>
      {chart ? <Skeleton className="h-48 w-full" /> : null}
      <div className="space-y-2">
        {Array.from({ length: chart ? 0 : lines }, (_, i) => (
          <Skeleton key={i} className={`h-4 ${i % 2 ? "w-2/3" : "w-full"}`} />
        ))}
      </div>
    </section>
  );
}

export function PageSkeleton({ title, panels = 3 }: { title: string; panels?: number }) {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="sr-only" role="status">
        Loading {title.toLowerCase()}…
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: panels }, (_, i) => (
          <PanelSkeleton key={i} title="Loading…" lines={4} />
        ))}
      </div>
    </div>
  );
}
