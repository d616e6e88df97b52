import Link from "next/link";
import type { ReactNode } from "react";
import { LiveTime } from "@/components/tasks/live-time";
import type { TaskDetail } from "@/lib/services/tasks";
import { formatRuntime } from "@/lib/tasks/time-format";
import { taskHref } from "@/lib/tasks/task-list-url";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 break-all text-sm text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-400 dark:text-slate-500">–</span>;

function TaskLink({ id }: { id: string | null }) {
  return id === null ? none : (
    <Link href={taskHref(id)} className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
      {id}
    </Link>
  );
}

const TIME_FIELDS = [
  ["sent", "Sent"],
  ["received", "Received"],
  ["started", "Started"],
  ["succeeded", "Succeeded"],
  ["failed", "Failed"],
  ["retried", "Retried"],
  ["revoked", "Revoked"],
  ["rejected", "Rejected"],
  ["eta", "ETA"],
  ["expires", "Expires"],
] as const;

/** Every stored field of the task; times follow the relative/absolute choice. */
export function TaskFields({ task, renderedAt }: { task: TaskDetail; renderedAt: number }) {
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Name">{task.name ?? none}</Field>
        <Field label="Worker">
          {task.worker === null ? none : (
            <Link href={`/worker/${encodeURIComponent(task.worker)}`} className="hover:underline">
              {task.worker}
            </Link>
          )}
        </Field>
        <Field label="Client">{task.client ?? none}</Field>
        <Field label="Runtime">{task.runtime === null ? none : formatRuntime(task.runtime)}</Field>
        <Field label="Queue">{task.queue ?? none}</Field>
        <Field label="Exchange">{task.exchange === null ? none : task.exchange === "" ? "(default)" : task.exchange}</Field>
        <Field label="Routing key">{task.routingKey ?? none}</Field>
        <Field label="Retries">{task.retries}</Field>
        <Field label="Parent">
          <TaskLink id={task.parentId === task.uuid ? null : task.parentId} />
        </Field>
        <Field label="Root">
          <TaskLink id={task.rootId === task.uuid ? null : task.rootId} />
        </Field>
        <Field label="Retried from">
          <TaskLink id={task.retriedFrom} />
        </Field>
      </dl>
      <dl className="grid gap-x-6 gap-y-3 border-t border-slate-100 pt-4 sm:grid-cols-2 lg:grid-cols-5 dark:border-slate-800">
        {TIME_FIELDS.filter(([key]) => task.times[key] !== null).map(([key, label]) => (
          <Field key={key} label={label}>
            <LiveTime at={task.times[key]} renderedAt={renderedAt} millis />
          </Field>
        ))}
        <Field label="First seen by Bloom">
          <LiveTime at={task.times.firstSeen} renderedAt={renderedAt} millis />
        </Field>
        <Field label="Last updated">
          <LiveTime at={task.times.updated} renderedAt={renderedAt} millis />
        </Field>
      </dl>
    </div>
  );
}
