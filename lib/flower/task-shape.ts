/**
 * Bloom's task rows in the JSON shape of Flower 2.1's task API (`Task.as_dict()` of
 * celery/events/state.py with the worker's hostname), as captured from a real Flower in
 * e2e/flower-fixtures/task-info-*.json and tasks*.json. Flower's docs show `task-id` in
 * /api/task/info; the real 2.1 answers `uuid`, like /api/tasks. Pure: repositories read rows.
 */

/** The columns a Flower task needs; times are epoch seconds (microseconds kept). */
export type FlowerTaskSource = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string | null;
  client: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  retries: number;
  exchange: string | null;
  routingKey: string | null;
  parentId: string | null;
  rootId: string | null;
  runtime: number | null;
  clock: number;
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  /** when the event that set the state happened: Flower's `timestamp` */
  stateAt: number | null;
  /** ISO 8601 text, as Celery's events carry eta/expires */
  eta: string | null;
  expires: string | null;
  /** ids of tasks whose parent this one is */
  children: string[];
};

export type FlowerTask = {
  uuid: string;
  name: string | null;
  state: string;
  received: number | null;
  sent: number | null;
  started: number | null;
  rejected: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  args: string | null;
  kwargs: string | null;
  eta: string | null;
  expires: string | null;
  retries: number;
  worker: string | null;
  result: string | null;
  exception: string | null;
  timestamp: number | null;
  runtime: number | null;
  traceback: string | null;
  exchange: string | null;
  routing_key: string | null;
  clock: number;
  client: string | null;
  root: string | null;
  root_id: string | null;
  parent: string | null;
  parent_id: string | null;
  children: string[];
};

/** In Flower's key order (JSON objects are unordered, but people diff these by eye). */
export function toFlowerTask(row: FlowerTaskSource): FlowerTask {
  return {
    uuid: row.uuid,
    name: row.name,
    state: row.state,
    received: row.received,
    sent: row.sent,
    started: row.started,
    rejected: row.rejected,
    succeeded: row.succeeded,
    failed: row.failed,
    retried: row.retried,
    revoked: row.revoked,
    args: row.args,
    kwargs: row.kwargs,
    eta: row.eta,
    expires: row.expires,
    retries: row.retries,
    worker: row.worker,
    result: row.result,
    exception: row.exception,
    timestamp: row.stateAt,
    runtime: row.runtime,
    traceback: row.traceback,
    exchange: row.exchange,
    routing_key: row.routingKey,
    clock: row.clock,
    client: row.client,
    // celery: Celery's state sets root_id on every task it has seen sent; a task Bloom only
    // knows from worker events has none, and is its own root as far as anyone can tell.
    root: row.rootId ?? row.uuid,
    root_id: row.rootId ?? row.uuid,
    parent: row.parentId,
    parent_id: row.parentId,
    children: row.children,
  };
}

/** Python's `datetime.isoformat()` of a UTC instant, the form Celery's events carry eta in. */
export function pythonIsoformat(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000+00:00`;
}
