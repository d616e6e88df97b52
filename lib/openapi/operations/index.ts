import type { ApiOperation } from "../registry";
import * as system from "./system";
import * as tasks from "./tasks";
import * as workers from "./workers";

/**
 * Every operation of /api/v1, in the document's order. A list rather than registration on
 * import: the document does not depend on which route modules happen to be loaded, and
 * app/api/v1/openapi.int.test.ts walks app/api/v1 so a route missing here fails the build.
 */
export const API_V1_OPERATIONS: readonly ApiOperation[] = [
  tasks.listTasksOperation,
  tasks.getTaskOperation,
  tasks.getTaskEventsOperation,
  tasks.getTaskResultOperation,
  tasks.exportTasksOperation,
  tasks.sendTaskOperation,
  tasks.revokeTaskOperation,
  tasks.abortTaskOperation,
  tasks.retryTaskOperation,
  tasks.revokeByNameOperation,
  workers.listWorkersOperation,
  workers.getWorkerOperation,
  workers.inspectWorkerOperation,
  workers.runWorkerCommandOperation,
  system.statsOperation,
  system.queuesOperation,
  system.purgeQueueOperation,
  system.auditOperation,
  system.healthOperation,
  system.openApiOperation,
];
