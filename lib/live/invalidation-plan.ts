import { touchesTasks, touchesWorkers } from "@/lib/realtime/change-payload";
import type { StreamMessage } from "@/lib/realtime/stream-protocol";
import { queryKeys } from "@/lib/query-keys";

export type QueryKeyPrefix = readonly string[];

/**
 * Which cached queries a stream message makes stale: "all" when the client may have
 * missed something, a list of key prefixes otherwise, nothing for messages that carry
 * their own data (the monitor's task events).
 */
export function invalidationsFor(message: StreamMessage): QueryKeyPrefix[] | "all" {
  switch (message.event) {
    case "changes": {
      const keys: QueryKeyPrefix[] = [];
      if (touchesTasks(message.data)) keys.push(queryKeys.dashboard.all(), queryKeys.workers.all(), queryKeys.tasks.all());
      // Heartbeats move worker counts, active tasks and resource figures.
      if (touchesWorkers(message.data)) keys.push(queryKeys.dashboard.overview(), queryKeys.workers.all());
      return keys;
    }
    case "health":
      return [queryKeys.dashboard.overview(), queryKeys.broker.all()];
    case "resync":
      return "all";
    case "ready":
      return [];
    case "task-events":
      return [];
  }
}
