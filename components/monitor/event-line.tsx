import { LocalTime } from "@/components/ui/local-time";
import { describeEvent } from "@/lib/monitor/event-line";
import type { MonitorEvent } from "@/lib/services/monitor-feed";

const VERB_CLASS: Record<string, string> = {
  "task-succeeded": "text-emerald-700 dark:text-emerald-400",
  "task-failed": "text-red-700 dark:text-red-400",
  "task-retried": "text-amber-700 dark:text-amber-400",
  "task-revoked": "text-red-700 dark:text-red-400",
  "task-rejected": "text-red-700 dark:text-red-400",
};

/**
 * "[13:45:23] Task send_sms[abc123] received". Every part is text: names, ids and exceptions
 * come from workers and are never interpreted as markup.
 */
export function EventLine({ event }: { event: MonitorEvent }) {
  return (
    <li className="font-mono text-xs leading-5 break-all">
      <span className="text-slate-500 dark:text-slate-400">
        [<LocalTime at={event.timestamp} clockOnly />]
      </span>{" "}
      Task <span className="text-sky-700 dark:text-sky-400">{event.name ?? "?"}</span>[{event.taskId}]{" "}
      <span className={VERB_CLASS[event.type] ?? ""}>{describeEvent(event)}</span>
      <span className="text-slate-400 dark:text-slate-500"> · {event.hostname}</span>
    </li>
  );
}

export function GapLine({ text }: { text: string }) {
  return <li className="border-y border-dashed border-amber-300 py-0.5 text-xs text-amber-800 dark:border-amber-700 dark:text-amber-300">{text}</li>;
}
