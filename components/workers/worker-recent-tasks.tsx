"use client";

import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { formatSeconds } from "@/lib/format/numbers";
import type { WorkerRecentTask } from "@/lib/services/worker-detail";
import { taskHref } from "@/lib/workers/worker-href";
import { TaskStateBadge } from "./task-state-badge";

export function WorkerRecentTasks({ tasks, hostname }: { tasks: WorkerRecentTask[]; hostname: string }) {
  return (
    <Panel
      title="Recent tasks"
      actions={
        <Link href={`/tasks?worker=${encodeURIComponent(hostname)}`} className="text-xs text-emerald-700 hover:underline dark:text-emerald-400">
          All tasks of this worker
        </Link>
      }
    >
      {tasks.length === 0 ? (
        <EmptyState title="No tasks received by this worker yet" />
      ) : (
        <Table caption="Recent tasks">
          <thead>
            <tr>
              <Th>Task</Th>
              <Th>Name</Th>
              <Th>State</Th>
              <Th>Received</Th>
              <Th align="right">Runtime</Th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id}>
                <Td>
                  <Link href={taskHref(task.id)} className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
                    {task.id}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{task.name ?? "–"}</Td>
                <Td>
                  <TaskStateBadge state={task.state} />
                </Td>
                <Td className="text-xs">{task.receivedAt === null ? "–" : <RelativeTime at={task.receivedAt} />}</Td>
                <Td align="right">{formatSeconds(task.runtime)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}
