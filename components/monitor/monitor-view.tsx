"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { EventRateChart } from "@/components/charts/event-rate-chart";
import { Panel } from "@/components/ui/panel";
import { formatCount } from "@/lib/format/numbers";
import { useClock } from "@/lib/live/use-clock";
import { useEventStream } from "@/lib/live/use-event-stream";
import { matchesFilters, type MonitorFilters } from "@/lib/monitor/event-line";
import { monitorQueryString } from "@/lib/monitor/monitor-params";
import { RateWindow } from "@/lib/monitor/rate-window";
import { streamUrl, type StreamMessage } from "@/lib/realtime/stream-protocol";
import type { MonitorEvent } from "@/lib/services/monitor-feed";
import { EventLine, GapLine } from "./event-line";
import { MonitorFilterBar } from "./monitor-filters";

/** Lines kept on screen; older ones scroll away for good (the tasks pages have history). */
const MAX_LINES = 500;

type Line = { kind: "event"; key: string; event: MonitorEvent } | { kind: "gap"; key: string; text: string };

/**
 * The live event log: newest first, filterable (in the URL), pausable. While paused, new
 * events wait in a buffer and the rate chart keeps counting.
 */
export function MonitorView({ initialEvents, filters, workers }: { initialEvents: MonitorEvent[]; filters: MonitorFilters; workers: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const [lines, setLines] = useState<Line[]>(() => initialEvents.toReversed().map((event) => ({ kind: "event", key: event.id, event })));
  const [paused, setPaused] = useState(false);
  const [buffered, setBuffered] = useState<Line[]>([]);
  const [received, setReceived] = useState(0);
  const [rates] = useState(() => new RateWindow());
  const gapCount = useRef(0);
  // A catch-up after first paint and the live feed may overlap by a few events.
  const [seen] = useState(() => new Set(initialEvents.map((event) => event.id)));
  const [afterId] = useState(() => initialEvents.at(-1)?.id ?? null);
  const now = useClock();

  const gap = (text: string): Line => {
    gapCount.current += 1;
    return { kind: "gap", key: `gap-${gapCount.current}`, text };
  };

  const append = (incoming: Line[]) => {
    if (incoming.length === 0) return;
    if (paused) setBuffered((current) => [...incoming, ...current].slice(0, MAX_LINES));
    else setLines((current) => [...incoming, ...current].slice(0, MAX_LINES));
  };

  const status = useEventStream(streamUrl(["events"], afterId), (message: StreamMessage) => {
    if (message.event === "task-events") {
      const arrivedAt = Date.now();
      const fresh = message.data.events.filter((event) => !seen.has(event.id));
      for (const event of fresh) {
        seen.add(event.id);
        rates.add(event.type, arrivedAt);
      }
      trimSeen(seen);
      setReceived((n) => n + fresh.length);
      const incoming: Line[] = fresh.toReversed().map((event) => ({ kind: "event", key: event.id, event }));
      if (message.data.truncated) incoming.push(gap("Too many events at once: some were left out here (the tasks pages have them all)."));
      append(incoming);
    } else if (message.event === "resync" && message.data.reason === "missed-messages") {
      append([gap("The connection was interrupted; events from that time are not shown here.")]);
    }
  });

  const setFilters = (next: MonitorFilters) => router.replace(`${pathname}${monitorQueryString(next)}`, { scroll: false });

  const togglePause = () => {
    if (paused) {
      setLines((current) => [...buffered, ...current].slice(0, MAX_LINES));
      setBuffered([]);
    }
    setPaused(!paused);
  };

  const visible = lines.filter((line) => line.kind === "gap" || matchesFilters(line.event, filters));
  const names = useMemo(() => [...new Set(lines.flatMap((line) => (line.kind === "event" && line.event.name ? [line.event.name] : [])))].sort(), [lines]);
  const points = now === null ? [] : rates.points(now);
  const lastTen = points.slice(-10);
  const perSecond = (key: "succeeded" | "failed") => (lastTen.reduce((sum, p) => sum + p[key], 0) / Math.max(1, lastTen.length)).toFixed(1);

  return (
    <div className="space-y-4">
      <Panel title="Rate (last minute)">
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
          <span className="tabular-nums">{perSecond("succeeded")}</span> succeeded/s · <span className="tabular-nums">{perSecond("failed")}</span> failed/s (10 s
          average)
        </p>
        <EventRateChart points={points} label={`Succeeded and failed tasks per second over the last minute; now ${perSecond("succeeded")} succeeded and ${perSecond("failed")} failed per second`} />
      </Panel>
      <Panel
        title="Events"
        actions={
          <div className="flex items-center gap-3">
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {status === "live" ? `${formatCount(received)} received live` : status === "connecting" ? "connecting…" : "reconnecting…"}
            </span>
            <button
              type="button"
              aria-pressed={paused}
              onClick={togglePause}
              className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-600 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {paused ? `Resume${buffered.length ? ` (${formatCount(buffered.length)} new)` : ""}` : "Pause"}
            </button>
          </div>
        }
      >
        <div className="mb-3">
          <MonitorFilterBar filters={filters} workers={workers} names={names} onChange={setFilters} />
        </div>
        {/* A log: new lines are not announced one by one (at hundreds per second that would drown a screen reader). */}
        <ol role="log" aria-label="Task events" aria-live="off" className="max-h-[60vh] space-y-0.5 overflow-auto" tabIndex={0}>
          {visible.length === 0 ? (
            <li className="text-sm text-slate-500 dark:text-slate-400">{lines.length === 0 ? "No task events yet; they appear here as they happen." : "No event matches the filters."}</li>
          ) : (
            visible.map((line) => (line.kind === "gap" ? <GapLine key={line.key} text={line.text} /> : <EventLine key={line.key} event={line.event} />))
          )}
        </ol>
      </Panel>
    </div>
  );
}

/** Ids only matter while a duplicate can still arrive (a few seconds); keep the set small. */
function trimSeen(seen: Set<string>): void {
  if (seen.size <= 5_000) return;
  const drop = seen.size - 2_500;
  let i = 0;
  for (const id of seen) {
    if (i++ >= drop) break;
    seen.delete(id);
  }
}
