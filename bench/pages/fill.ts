import type pg from "pg";

/**
 * N tasks in one INSERT … SELECT generate_series (≈ 1 min for 1M on 2 cores), shaped like a
 * busy production week rather than uniform noise:
 * - received over the last 7 days, in arrival order (physical order follows time, as ingest writes it);
 * - 15 task names with a skewed mix (the first few dominate, one is almost never run);
 * - 92 % SUCCESS, 5 % FAILURE, 2 % RETRY, 1 % REVOKED; not yet settled (STARTED, RECEIVED,
 *   PENDING): 30 % of the newest 2,000 tasks (in flight) and 0.3 % of the older ones (lost when
 *   a worker died). PENDING tasks were never received: no worker, no received time. Unsettled
 *   tasks are outside the trigram index (schema.prisma), so a rare-text search also reads all
 *   of them: a database holding very many stale ones searches slower than this;
 * - 8 workers; queues celery 80 %, io 15 %, priority ~5 %, reports 0.1 %;
 * - args/kwargs as Celery sends them (repr) with their JSON, results, and for failures an
 *   exception among five kinds plus a traceback with library and user frames;
 * - runtimes exponential around 0.4 s.
 * The product's own indexes are dropped for the load and rebuilt afterwards (the way a restore
 * would), which is much faster than maintaining them row by row; their definitions come from
 * the migrated database, so the benchmark measures exactly the product's indexes.
 */
const FILL = `
INSERT INTO tasks (uuid, name, state, worker, client, args, kwargs, args_json, kwargs_json, result, exception, traceback,
  retries, queue, exchange, routing_key, parent_id, root_id, sent_at, received_at, started_at, succeeded_at, failed_at,
  retried_at, revoked_at, runtime, state_at, first_seen_at, updated_at)
SELECT uuid, name, state,
  CASE WHEN state = 'PENDING' THEN NULL ELSE worker END,
  'producer@api-1', args, kwargs, args_json, kwargs_json,
  CASE WHEN state = 'SUCCESS' THEN result END,
  CASE WHEN state IN ('FAILURE', 'RETRY') THEN exception END,
  CASE WHEN state IN ('FAILURE', 'RETRY') THEN 'Traceback (most recent call last):' || E'\\n' ||
    '  File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task' || E'\\n' ||
    '    R = retval = fun(*args, **kwargs)' || E'\\n' ||
    '  File "/srv/app/' || split_part(name, '.', 1) || '.py", line ' || (20 + i % 80) || ', in ' || split_part(name, '.', 2) || E'\\n' ||
    '    raise ' || exception || E'\\n' || exception END,
  CASE WHEN state = 'RETRY' THEN 1 + i % 3 ELSE 0 END,
  queue, '', queue, NULL, uuid,
  received - interval '5 ms',
  CASE WHEN state = 'PENDING' THEN NULL ELSE received END,
  CASE WHEN state IN ('PENDING', 'RECEIVED') THEN NULL ELSE received + wait END,
  CASE WHEN state = 'SUCCESS' THEN received + wait + runtime * interval '1 second' END,
  CASE WHEN state = 'FAILURE' THEN received + wait + runtime * interval '1 second' END,
  CASE WHEN state = 'RETRY' THEN received + wait + runtime * interval '1 second' END,
  CASE WHEN state = 'REVOKED' THEN received + wait END,
  CASE WHEN state = 'SUCCESS' THEN runtime END,
  received, received - interval '5 ms', received + wait + runtime * interval '1 second'
FROM (
  SELECT i, md5('bench-task-' || i)::uuid::text AS uuid,
    n.name, s.state, w.worker, q.queue, a.args, a.kwargs, a.args_json, a.kwargs_json, r.result, e.exception,
    now() - interval '7 days' + (i * interval '7 days' / $1::int) + random() * interval '500 ms' AS received,
    random() * interval '2 s' AS wait,
    round((-ln(1 - random()) * 0.4)::numeric, 6)::float8 AS runtime
  FROM generate_series(1, $1::int) AS i
  CROSS JOIN LATERAL (SELECT (ARRAY['orders.process', 'orders.refund', 'emails.send', 'emails.bounce', 'reports.daily', 'reports.export',
     'billing.charge', 'billing.invoice', 'media.resize', 'media.transcode', 'search.reindex', 'users.sync', 'users.cleanup',
     'webhooks.deliver', 'cache.warm'])[1 + floor(power(random() + i * 0, 2) * 15)::int] AS name) n
  CROSS JOIN LATERAL (SELECT CASE
     WHEN i > $1::int - 2000 THEN CASE WHEN x < 0.70 THEN 'SUCCESS' WHEN x < 0.75 THEN 'FAILURE' WHEN x < 0.85 THEN 'STARTED' WHEN x < 0.92 THEN 'RECEIVED' ELSE 'PENDING' END
     ELSE CASE WHEN x < 0.917 THEN 'SUCCESS' WHEN x < 0.967 THEN 'FAILURE' WHEN x < 0.987 THEN 'RETRY' WHEN x < 0.997 THEN 'REVOKED'
       WHEN x < 0.998 THEN 'STARTED' WHEN x < 0.999 THEN 'RECEIVED' ELSE 'PENDING' END
     END AS state FROM (SELECT random() + i * 0 AS x) z) s
  CROSS JOIN LATERAL (SELECT 'celery@worker-' || (1 + floor(random() * 8 + i * 0)::int) || '.prod' AS worker) w
  CROSS JOIN LATERAL (SELECT CASE WHEN y < 0.80 THEN 'celery' WHEN y < 0.95 THEN 'io' WHEN y < 0.999 THEN 'priority' ELSE 'reports' END AS queue
     FROM (SELECT random() + i * 0 AS y) z) q
  CROSS JOIN LATERAL (SELECT '(' || u || ', ' || v || ')' AS args,
     '{''user_id'': ' || u || ', ''email'': ''user' || u || '@example.com''}' AS kwargs,
     jsonb_build_array(u, v) AS args_json, jsonb_build_object('user_id', u, 'email', 'user' || u || '@example.com') AS kwargs_json
     FROM (SELECT floor(random() * 100000 + i * 0)::int AS u, floor(random() * 1000)::int AS v) z) a
  CROSS JOIN LATERAL (SELECT '{''status'': ''ok'', ''order_id'': ' || (i % 500000) || '}' AS result) r
  CROSS JOIN LATERAL (SELECT (ARRAY['ConnectionError(''database timeout after 30s'')', 'ValueError(''invalid order ' || (i % 100000) || ''')',
     'KeyError(''customer_id'')', 'TimeoutError(''smtp server did not answer'')', 'PermissionError(''bucket media-prod denied'')'])
     [1 + floor(random() * 5 + i * 0)::int] AS exception) e
) g`;

export type FillTimings = { insertMs: number; indexMs: number; analyzeMs: number };

export async function fillTasks(client: pg.Client, rows: number, log: (line: string) => void): Promise<FillTimings> {
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'tasks' AND indexname <> 'tasks_pkey' ORDER BY indexname`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${quoteIdent(index.name)}`);
  let started = Date.now();
  log(`inserting ${rows.toLocaleString("en-US")} tasks…`);
  await client.query(FILL, [rows]);
  const insertMs = Date.now() - started;

  started = Date.now();
  log(`rebuilding ${indexes.length} indexes…`);
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const index of indexes) await client.query(index.def);
  const indexMs = Date.now() - started;

  started = Date.now();
  await client.query("VACUUM (ANALYZE) tasks");
  return { insertMs, indexMs, analyzeMs: Date.now() - started };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
