import { Fragment } from "react";
import { LiveTime } from "@/components/tasks/live-time";
import type { TaskTimelineEvent } from "@/lib/services/tasks";
import { formatDelta } from "@/lib/tasks/time-format";

/** Every event Bloom stored for the task, oldest first, with the time since the previous one. */
export function EventTimeline({ events, truncated, renderedAt }: { events: TaskTimelineEvent[]; truncated: boolean; renderedAt: number }) {
  if (events.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No events stored for this task.</p>;
  const first = events[0]?.at ?? 0;
  return (
    <>
      <ol aria-label="Events" className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {events.map((event, index) => {
          const previous = events[index - 1];
          return (
            <li key={event.id} className="grid gap-x-4 gap-y-1 px-3 py-2 text-sm sm:grid-cols-[10rem_1fr_7rem_7rem]">
              <span className="font-mono text-xs font-semibold">{event.type}</span>
              <span className="min-w-0 truncate text-slate-600 dark:text-slate-400">
                <LiveTime at={event.at} renderedAt={renderedAt} millis /> · {event.hostname}
              </span>
              <span className="tabular-nums text-slate-600 dark:text-slate-400" title="since the previous event">
                {previous ? formatDelta(event.at - previous.at) : "first"}
              </span>
              <span className="tabular-nums text-slate-500 dark:text-slate-500" title="since the first event">
                {index === 0 ? "" : `${formatDelta(event.at - first)} total`}
              </span>
              <details className="text-xs text-slate-500 sm:col-span-4 dark:text-slate-400">
                <summary className="cursor-pointer">Fields</summary>
                <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono dark:bg-slate-950">
                  {JSON.stringify(event.fields, null, 2)}
                </pre>
              </details>
            </li>
          );
        })}
      </ol>
      {truncated ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Only the first {events.length} events are shown.</p> : <Fragment />}
    </>
  );
}
