"use client";

import { Panel } from "@/components/ui/panel";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import { useOverview } from "./use-dashboard-data";

/** Shown until Bloom has seen a worker or a task: on a fresh install the usual cause is that events are off. */
export function GettingStarted({ initial }: { initial: DashboardOverview }) {
  const { fresh, health } = useOverview(initial);
  if (!fresh) return null;
  return (
    <Panel title="Waiting for Celery events" className="border-amber-300 dark:border-amber-700">
      <div className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
        <p>
          Bloom has not seen a worker or a task yet. It builds everything from Celery&apos;s event stream, which workers send only when
          events are enabled{health.broker === "connected" ? " (the broker connection is fine)" : ""}.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            Start workers with events on: <code className="font-mono text-xs">celery -A proj worker -E</code>, or set{" "}
            <code className="font-mono text-xs">worker_send_task_events = True</code> in the Celery configuration.
          </li>
          <li>
            To see tasks as soon as they are sent (state PENDING), also set <code className="font-mono text-xs">task_send_sent_event = True</code>{" "}
            in the configuration of the applications that send them.
          </li>
          <li>
            Running workers can be switched on without a restart: <code className="font-mono text-xs">celery -A proj control enable_events</code>.
          </li>
        </ul>
      </div>
    </Panel>
  );
}
