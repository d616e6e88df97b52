import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { StateBadge } from "@/components/tasks/state-badge";
import { entryHref, SOURCE_LABELS } from "@/lib/beat/beat-entry";
import type { BeatEntryView } from "@/lib/services/beat-schedule";
import { Countdown } from "./countdown";
import { VerdictBadge } from "./verdict-badge";

/** Every periodic task: what runs, when (in words and exactly), when next, when last and how it went, what was missed. */
export function BeatTable({ entries }: { entries: BeatEntryView[] }) {
  if (entries.length === 0) {
    return (
      <EmptyState title="No periodic tasks match">
        <p>
          Bloom reads <code className="font-mono text-xs">beat_schedule</code> from the workers&apos; configuration, and django-celery-beat or RedBeat when
          configured (see the sources below).
        </p>
      </EmptyState>
    );
  }
  return (
    <Table caption="Periodic tasks">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Task</Th>
          <Th>Schedule</Th>
          <Th>Next run</Th>
          <Th>Last run</Th>
          <Th align="right">Missed</Th>
          <Th>State</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} className={entry.enabled ? "" : "text-slate-400 dark:text-slate-500"}>
            <Td>
              <Link href={entryHref(entry.id)} className="font-medium text-emerald-700 hover:underline dark:text-emerald-400">
                {entry.name}
              </Link>
            </Td>
            <Td className="font-mono text-xs">{entry.task}</Td>
            <Td>
              <div>{entry.scheduleText}</div>
              <div className="font-mono text-xs text-slate-500 dark:text-slate-400">
                {entry.scheduleSpec}
                {entry.scheduleKind === "crontab" && entry.timeZone !== "UTC" ? ` · ${entry.timeZone}` : ""}
              </div>
            </Td>
            <Td className="text-xs">{entry.nextRunAt === null ? "–" : <Countdown at={entry.nextRunAt} />}</Td>
            <Td className="text-xs">
              {entry.lastRun === null ? (
                "never seen"
              ) : (
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  {entry.lastRun.taskId ? (
                    <Link href={`/task/${entry.lastRun.taskId}`} className="hover:underline">
                      <RelativeTime at={entry.lastRun.at} />
                    </Link>
                  ) : (
                    <RelativeTime at={entry.lastRun.at} />
                  )}
                  {entry.lastRun.state ? <StateBadge state={entry.lastRun.state} /> : <StatusBadge tone="neutral">per source</StatusBadge>}
                </span>
              )}
            </Td>
            <Td align="right">
              <span className={entry.missed > 0 ? "font-semibold text-red-700 dark:text-red-400" : ""}>{entry.missed}</span>
              {entry.late > 0 ? <div className="text-xs text-amber-700 dark:text-amber-400">{entry.late} late</div> : null}
            </Td>
            <Td>
              <VerdictBadge verdict={entry.verdict} />
            </Td>
            <Td className="text-xs">
              {SOURCE_LABELS[entry.source]}
              {entry.alsoIn.length > 0 ? <div className="text-slate-500 dark:text-slate-400">also in {entry.alsoIn.map((s) => SOURCE_LABELS[s]).join(", ")}</div> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
