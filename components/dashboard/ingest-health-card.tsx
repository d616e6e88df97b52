import type { SystemHealth } from "@/lib/services/system-health";

export function IngestHealthCard({ health }: { health: SystemHealth }) {
  const rows: [string, string][] = [
    ["Events ingested", health.eventsTotal.toLocaleString("en")],
    ["Events/s", health.eventsPerSec.toFixed(1)],
    ["Lag", health.lagMs === null ? "–" : `${health.lagMs} ms`],
    ["Dead letters", health.deadLetters.toLocaleString("en")],
    ["Last event", health.lastEventAt ? health.lastEventAt.toISOString() : "none yet"],
  ];
  return (
    <section aria-labelledby="ingest-health" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="ingest-health" className="text-sm font-medium text-slate-500 dark:text-slate-400">
        Ingest
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-mono">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
