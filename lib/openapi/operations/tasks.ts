import { z } from "zod";
import { LIST_TEXT_LIMIT } from "@/lib/repositories/task-list-sql";
import { PAGE_SIZE } from "@/lib/schemas/paging";
import { optionalParam } from "@/lib/schemas/query-params";
import { TASK_EXPORT_FIELDS, taskExportParams } from "@/lib/schemas/task-export";
import { taskListParams } from "@/lib/schemas/task-list";
import { abortTaskInput, retryTaskInput, revokeByNameInput, revokeInput, sendTaskInput } from "@/lib/services/control";
import { anyJson, commandResult, epochMs, jsonValue } from "../common";
import { defineOperation } from "../registry";

export const MAX_API_PAGE_SIZE = 1_000;

const EXAMPLE_TASK_ID = "3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f";
const taskIdParam = { id: { description: "the task id (uuid)", example: EXAMPLE_TASK_ID } };

// ---- reads -----------------------------------------------------------------------------

const taskListItem = z
  .object({
    uuid: z.string(),
    name: z.string().nullable(),
    state: z.string().describe("Celery's state: PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED, REJECTED or a custom one"),
    worker: z.string().nullable(),
    queue: z.string().nullable(),
    args: z.string().nullable().describe(`Python repr as the worker sent it, cut after ${LIST_TEXT_LIMIT} characters (the full text: GET /api/v1/tasks/{id})`),
    kwargs: z.string().nullable(),
    result: z.string().nullable(),
    exception: z.string().nullable(),
    retries: z.number().int(),
    received: epochMs,
    started: epochMs,
    succeeded: epochMs,
    runtime: z.number().nullable().describe("seconds"),
    revoked: epochMs,
    expires: epochMs,
    eta: epochMs,
  })
  .meta({ id: "TaskListItem" });

export const listTasksOperation = defineOperation({
  method: "GET",
  path: "/api/v1/tasks",
  operationId: "listTasks",
  summary: "Stored tasks, filtered and sorted like the tasks page, in cursor pages",
  description:
    "Keyset pages: pass `next` as `after` (or `previous` as `before`) with the same filter and sort; page 5,000 costs what page 1 costs, " +
    "and tasks arriving meanwhile do not shift the pages. `state` may repeat or hold a comma-separated list.",
  tag: "tasks",
  access: "viewer",
  query: taskListParams.safeExtend({
    limit: optionalParam(z.coerce.number().int().min(1).max(MAX_API_PAGE_SIZE))
      .transform((value) => value ?? PAGE_SIZE)
      .describe(`rows per page, 1..${MAX_API_PAGE_SIZE} (default ${PAGE_SIZE})`),
  }),
  queryExample: { state: "SUCCESS,FAILURE", range: "24h", sort: "received", dir: "desc", limit: "2" },
  response: z.object({
    tasks: z.array(taskListItem),
    next: z.string().nullable().describe("cursor of the following page (as `after`); null on the last page"),
    previous: z.string().nullable().describe("cursor of the preceding page (as `before`); null on the first page"),
  }),
});

type FamilyNodeShape = { uuid: string; name: string | null; state: string; parentId: string | null; children: FamilyNodeShape[] };
const familyNode: z.ZodType<FamilyNodeShape> = z
  .object({
    uuid: z.string(),
    name: z.string().nullable(),
    state: z.string(),
    parentId: z.string().nullable(),
    get children() {
      return z.array(familyNode);
    },
  })
  .meta({ id: "FamilyNode" });

const taskTimes = ["sent", "received", "started", "succeeded", "failed", "retried", "revoked", "rejected", "eta", "expires", "firstSeen", "updated"] as const;

const taskDetail = z
  .object({
    uuid: z.string(),
    name: z.string().nullable(),
    state: z.string(),
    worker: z.string().nullable(),
    client: z.string().nullable().describe("the host that sent it (task-sent)"),
    queue: z.string().nullable(),
    exchange: z.string().nullable(),
    routingKey: z.string().nullable(),
    retries: z.number().int(),
    parentId: z.string().nullable(),
    rootId: z.string().nullable(),
    retriedFrom: z.string().nullable().describe("the task this one re-sent (Bloom's retry)"),
    args: z.string().nullable().describe("Python repr as the worker sent it"),
    kwargs: z.string().nullable(),
    argsJson: anyJson.describe("args parsed from the repr where it is plain data, else null"),
    kwargsJson: anyJson,
    result: z.string().nullable(),
    exception: z.string().nullable(),
    traceback: z.string().nullable(),
    runtime: z.number().nullable().describe("seconds"),
    times: z.object(Object.fromEntries(taskTimes.map((key) => [key, epochMs])) as Record<(typeof taskTimes)[number], typeof epochMs>),
    details: anyJson.describe("other fields the events carried"),
  })
  .meta({ id: "TaskDetail" });

export const getTaskOperation = defineOperation({
  method: "GET",
  path: "/api/v1/tasks/{id}",
  operationId: "getTask",
  summary: "One task with every stored field and its family (chain, group, chord) as a tree",
  tag: "tasks",
  access: "viewer",
  pathParams: taskIdParam,
  response: z.object({
    task: taskDetail,
    family: z.object({
      rootId: z.string(),
      tree: z.array(familyNode),
      shown: z.number().int(),
      total: z.number().int().nullable().describe("every member, when more exist than are shown (500)"),
    }),
  }),
  errors: { 404: "Bloom has no record of the task." },
});

export const getTaskEventsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/tasks/{id}/events",
  operationId: "getTaskEvents",
  summary: "The task's event timeline, oldest first (at most 1,000 events)",
  tag: "tasks",
  access: "viewer",
  pathParams: taskIdParam,
  response: z.object({
    taskId: z.string(),
    events: z.array(
      z.object({
        id: z.string(),
        type: z.string().describe("task-sent, task-received, task-started, task-succeeded, ..."),
        hostname: z.string(),
        at: z.number().describe("epoch ms"),
        clock: z.number().describe("the sender's Lamport clock"),
        fields: anyJson.describe("the event's other fields as sent"),
      }),
    ),
    truncated: z.boolean(),
  }),
  errors: { 404: "Bloom has no record of the task." },
});

export const getTaskResultOperation = defineOperation({
  method: "GET",
  path: "/api/v1/tasks/{id}/result",
  operationId: "getTaskResult",
  summary: "The task's record in the Redis result backend (CELERY_RESULT_BACKEND)",
  tag: "tasks",
  access: "viewer",
  pathParams: taskIdParam,
  response: z.object({
    taskId: z.string(),
    state: z.string().describe("PENDING when the backend holds nothing for the id"),
    found: z.boolean(),
    result: jsonValue.nullable(),
    traceback: z.string().nullable(),
    dateDone: z.string().nullable().describe("ISO 8601"),
  }),
  errors: { 501: "No result backend is configured, or it is not Redis, or the record is not JSON.", 503: "The result backend cannot be reached." },
});

export const exportTasksOperation = defineOperation({
  method: "GET",
  path: "/api/v1/tasks/export",
  operationId: "exportTasks",
  summary: "Every task matching the tasks page's filter, streamed as CSV or a JSON array",
  tag: "tasks",
  access: "viewer",
  query: taskExportParams,
  queryExample: { format: "json", state: "FAILURE", columns: "uuid,name,state,exception,received" },
  response: z.array(z.partialRecord(z.enum(TASK_EXPORT_FIELDS), z.union([z.string(), z.number(), z.null()]))).describe("format=json: one object per task with the chosen columns (times ISO 8601)"),
  alternatives: { "text/csv": z.string().describe("format=csv (the default): a header row, then one row per task") },
});

// ---- control ---------------------------------------------------------------------------

export const revokeTaskOperation = defineOperation({
  method: "POST",
  path: "/api/v1/tasks/{id}/revoke",
  operationId: "revokeTask",
  summary: "Revoke a task on every worker (and terminate it with a signal)",
  tag: "control",
  access: "admin",
  pathParams: taskIdParam,
  body: revokeInput.omit({ taskIds: true }),
  bodyExample: { terminate: true, signal: "SIGTERM" },
  response: commandResult,
  errors: { 404: "Bloom has no record of the task (allowUnknown: true revokes it anyway).", 503: "The broker cannot be reached." },
});

export const abortTaskOperation = defineOperation({
  method: "POST",
  path: "/api/v1/tasks/{id}/abort",
  operationId: "abortTask",
  summary: "Abort an AbortableTask: store ABORTED in the Redis result backend, as AbortableAsyncResult.abort() does",
  description: "Only tasks built on celery.contrib.abortable.AbortableTask that poll `is_aborted()` stop; a task that already SUCCEEDED keeps its result (`stored: false`).",
  tag: "control",
  access: "admin",
  pathParams: taskIdParam,
  body: abortTaskInput.omit({ id: true }),
  bodyExample: {},
  response: z.object({ taskId: z.string(), stored: z.boolean(), previousState: z.string() }),
  errors: { 404: "Bloom has no record of the task (allowUnknown: true aborts it anyway).", 501: "No Redis result backend is configured.", 503: "The result backend cannot be reached." },
});

export const retryTaskOperation = defineOperation({
  method: "POST",
  path: "/api/v1/tasks/{id}/retry",
  operationId: "retryTask",
  summary: "Send a finished task again with its name and arguments; the new task links back",
  tag: "control",
  access: "admin",
  pathParams: taskIdParam,
  body: retryTaskInput.omit({ id: true }),
  bodyExample: { queue: "celery" },
  response: z
    .object({
      taskId: z.string(),
      name: z.string(),
      queue: z.string(),
      args: z.array(jsonValue),
      kwargs: z.record(z.string(), jsonValue),
      eta: z.string().nullable(),
      expires: z.string().nullable(),
      retriedFrom: z.string().nullable(),
    })
    .meta({ id: "SentTask" }),
  errors: { 404: "Bloom has no record of the task.", 409: "The task is still running, or its name is unknown.", 503: "The broker cannot be reached." },
});

export const sendTaskOperation = defineOperation({
  method: "POST",
  path: "/api/v1/tasks/send",
  operationId: "sendTask",
  summary: "Send a task by name (as app.send_task does)",
  tag: "control",
  access: "admin",
  body: sendTaskInput,
  bodyExample: { name: "proj.tasks.add", args: [2, 2], queue: "celery", countdown: 10 },
  response: retryTaskOperation.response,
  errors: { 503: "The broker cannot be reached." },
});

export const revokeByNameOperation = defineOperation({
  method: "POST",
  path: "/api/v1/tasks/revoke-by-name",
  operationId: "revokeTasksByName",
  summary: "Revoke every queued or running task whose name matches a pattern (`*` wildcards)",
  tag: "control",
  access: "admin",
  body: revokeByNameInput,
  bodyExample: { pattern: "proj.reports.*", terminate: false },
  response: z.object({
    pattern: z.string(),
    matched: z.array(z.object({ uuid: z.string(), name: z.string(), state: z.string() })),
    result: commandResult.nullable().describe("null when nothing matched: then nothing was sent"),
  }),
  errors: { 503: "The broker cannot be reached." },
});
