import pg from "pg";
import type { DjangoRow } from "@/lib/beat/django-entries";

/**
 * django-celery-beat's tables in the application's own PostgreSQL (BLOOM_BEAT_DATABASE_URL).
 * Bloom reads the periodic tasks with their schedules and writes only what the Django admin's
 * "Enable/Disable selected tasks" actions write. Table and column names are the package's
 * (django_celery_beat/migrations); columns later migrations added read as NULL when absent.
 */

const globalPools = globalThis as unknown as { bloomBeatPools?: Map<string, pg.Pool> };

function pool(url: string): pg.Pool {
  globalPools.bloomBeatPools ??= new Map();
  let found = globalPools.bloomBeatPools.get(url);
  if (!found) {
    found = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000, statement_timeout: 5_000, application_name: "bloom-beat" });
    // an idle client's error must not crash the process; the next query reports it
    found.on("error", () => undefined);
    globalPools.bloomBeatPools.set(url, found);
  }
  return found;
}

/** Columns added after 0001_initial (solar_id 0002, priority 0006, one_off/start_time 0007, headers 0009, clocked_id 0011, expire_seconds 0012). */
type OptionalColumn = "headers" | "priority" | "expire_seconds" | "one_off" | "start_time" | "clocked_id" | "solar_id";

async function presentColumns(client: pg.PoolClient | pg.Pool): Promise<Set<string>> {
  const { rows } = await client.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'django_celery_beat_periodictask'",
  );
  return new Set(rows.map((row) => row.column_name));
}

export async function listDjangoPeriodicTasks(url: string): Promise<DjangoRow[]> {
  const db = pool(url);
  const columns = await presentColumns(db);
  if (columns.size === 0) throw new Error("django_celery_beat_periodictask does not exist in this database (run Django's migrate for django_celery_beat)");
  const optional = (name: OptionalColumn, expression: string) => (columns.has(name) ? expression : `NULL AS ${name}`);
  const sql = `
    SELECT pt.id, pt.name, pt.task, pt.args, pt.kwargs, pt.queue, pt.exchange, pt.routing_key,
           ${optional("headers", "pt.headers")}, ${optional("priority", "pt.priority")}, pt.expires,
           ${optional("expire_seconds", "pt.expire_seconds")}, ${optional("one_off", "pt.one_off")},
           ${optional("start_time", "pt.start_time")}, pt.enabled, pt.last_run_at, pt.total_run_count, pt.description,
           i.every, i.period,
           c.minute, c.hour, c.day_of_week, c.day_of_month, c.month_of_year, c.timezone,
           ${columns.has("solar_id") ? "s.event, s.latitude::text AS latitude, s.longitude::text AS longitude" : "NULL AS event, NULL AS latitude, NULL AS longitude"},
           ${columns.has("clocked_id") ? "k.clocked_time" : "NULL::timestamptz AS clocked_time"}
      FROM django_celery_beat_periodictask pt
      LEFT JOIN django_celery_beat_intervalschedule i ON i.id = pt.interval_id
      LEFT JOIN django_celery_beat_crontabschedule c ON c.id = pt.crontab_id
      ${columns.has("solar_id") ? "LEFT JOIN django_celery_beat_solarschedule s ON s.id = pt.solar_id" : ""}
      ${columns.has("clocked_id") ? "LEFT JOIN django_celery_beat_clockedschedule k ON k.id = pt.clocked_id" : ""}
     ORDER BY pt.name`;
  const { rows } = await db.query(sql);
  return rows as DjangoRow[];
}

/**
 * Enables or disables one periodic task the way the Django admin does
 * (django_celery_beat/admin.py `enable_tasks` / `disable_tasks`): `enabled` (and, when
 * disabling, `last_run_at = NULL`), then PeriodicTasks.update_changed(): the single row
 * `ident = 1` of django_celery_beat_periodictasks gets `last_update = now()`, which is how a
 * running DatabaseScheduler notices the change. Returns false when no such task exists.
 */
export async function setDjangoTaskEnabled(url: string, id: number, enabled: boolean): Promise<boolean> {
  const client = await pool(url).connect();
  try {
    await client.query("BEGIN");
    const updated = await client.query(
      enabled
        ? "UPDATE django_celery_beat_periodictask SET enabled = true WHERE id = $1"
        : "UPDATE django_celery_beat_periodictask SET enabled = false, last_run_at = NULL WHERE id = $1",
      [id],
    );
    if (updated.rowCount === 0) {
      await client.query("ROLLBACK");
      return false;
    }
    await client.query(
      `INSERT INTO django_celery_beat_periodictasks (ident, last_update) VALUES (1, now())
       ON CONFLICT (ident) DO UPDATE SET last_update = EXCLUDED.last_update`,
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** For tests and shutdown: closes the pools. */
export async function closeDjangoBeatPools(): Promise<void> {
  const pools = [...(globalPools.bloomBeatPools?.values() ?? [])];
  globalPools.bloomBeatPools?.clear();
  await Promise.all(pools.map((p) => p.end()));
}
