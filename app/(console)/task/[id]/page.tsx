import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { EventTimeline } from "@/components/tasks/detail/event-timeline";
import { EventTimelineChart } from "@/components/tasks/detail/event-timeline-chart";
import { FamilyTree } from "@/components/tasks/detail/family-tree";
import { TaskActions } from "@/components/tasks/detail/task-actions";
import { TaskFields } from "@/components/tasks/detail/task-fields";
import { TracebackView } from "@/components/tasks/detail/traceback-view";
import { ValueBlock } from "@/components/tasks/detail/value-block";
import { AutoRefresh } from "@/components/tasks/auto-refresh";
import { StateBadge } from "@/components/tasks/state-badge";
import { TimeModeToggle } from "@/components/tasks/time-mode-toggle";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { listRetriesOf } from "@/lib/services/control";
import { getTask } from "@/lib/services/tasks";

export const dynamic = "force-dynamic";

type PageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Task ${id.slice(0, 8)}` };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One task (Flower's /task/<id>): every field, arguments and result, failure, timeline, family. */
export default async function TaskPage({ params }: PageProps) {
  const { id } = await params;
  const [view, actor, retries] = await Promise.all([getTask(id), resolveSessionActor(), listRetriesOf(id)]);
  if (!view) notFound();
  const { task, events, eventsTruncated, family, readAt: renderedAt } = view;

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="text-sm text-slate-500 dark:text-slate-400">{task.name ?? "Task (name not yet known)"}</p>
          <h1 className="flex flex-wrap items-center gap-3 text-xl font-semibold tracking-tight">
            <span className="break-all font-mono">{task.uuid}</span>
            <StateBadge state={task.state} />
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <TaskActions
            uuid={task.uuid}
            name={task.name}
            state={task.state}
            argsAreJson={Array.isArray(task.argsJson) && (task.kwargsJson === null || (typeof task.kwargsJson === "object" && !Array.isArray(task.kwargsJson)))}
            argsRepr={task.args}
            kwargsRepr={task.kwargs}
            canAct={actor !== null && canAct(actor)}
            retries={retries}
          />
          <AutoRefresh />
          <TimeModeToggle />
        </div>
      </header>

      <Section title="Details">
        <TaskFields task={task} renderedAt={renderedAt} />
      </Section>

      <Section title="Arguments and result">
        <div className="grid gap-4 lg:grid-cols-3">
          <ValueBlock label="Args" repr={task.args} parsed={task.argsJson} />
          <ValueBlock label="Kwargs" repr={task.kwargs} parsed={task.kwargsJson} />
          <ValueBlock label="Result" repr={task.result} />
        </div>
      </Section>

      {task.exception !== null || task.traceback !== null ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <TracebackView exception={task.exception} traceback={task.traceback} />
        </div>
      ) : null}

      <Section title="Family">
        <FamilyTree nodes={family.tree} currentId={task.uuid} shown={family.shown} total={family.total} />
      </Section>

      <Section title="Timeline">
        {events.length > 1 ? <EventTimelineChart events={events.map(({ type, at, hostname }) => ({ type, at, hostname }))} /> : null}
        <EventTimeline events={events} truncated={eventsTruncated} renderedAt={renderedAt} />
      </Section>

      {task.details !== null ? (
        <Section title="Other event fields">
          <pre tabIndex={0} className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950">
            {JSON.stringify(task.details, null, 2)}
          </pre>
        </Section>
      ) : null}
    </div>
  );
}
