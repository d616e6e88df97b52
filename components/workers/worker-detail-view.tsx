"use client";

import type { WorkerDetail } from "@/lib/services/worker-detail";
import { RegisteredTasks } from "./registered-tasks";
import { useWorker } from "./use-worker-data";
import { WorkerActions } from "./worker-actions";
import { WorkerConfig } from "./worker-config";
import { WorkerOverview } from "./worker-overview";
import { WorkerQueues } from "./worker-queues";
import { WorkerRecentTasks } from "./worker-recent-tasks";

/** One worker's panels, kept current by the live stream; `canAct` (admins) adds the actions. */
export function WorkerDetailView({ initial, canAct = false }: { initial: WorkerDetail; canAct?: boolean }) {
  const { worker, gone } = useWorker(initial.hostname, initial);
  return (
    <div className="space-y-4">
      {gone ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          This worker could not be read any more (it may have been removed by retention); showing the last known state.
        </p>
      ) : null}
      {canAct ? (
        <WorkerActions
          hostname={worker.hostname}
          online={worker.online}
          // "add [rate_limit=10/m]" once a limit is set: the name is what precedes the attributes
          taskNames={(worker.registered ?? []).map((entry) => entry.split(" [")[0] ?? entry)}
          queues={(worker.activeQueues ?? []).map((queue) => queue.name)}
        />
      ) : null}
      <WorkerOverview worker={worker} />
      <div className="grid gap-4 lg:grid-cols-2">
        <WorkerQueues queues={worker.activeQueues} />
        <RegisteredTasks tasks={worker.registered} />
      </div>
      <WorkerRecentTasks tasks={worker.recentTasks} hostname={worker.hostname} />
      <WorkerConfig conf={worker.conf} />
    </div>
  );
}
