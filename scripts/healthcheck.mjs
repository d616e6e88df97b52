#!/usr/bin/env node
// Container / service health probe (Dockerfile HEALTHCHECK, docker-compose.yml). Plain
// JavaScript so it starts in a few milliseconds without tsx. Exit 0 healthy, 1 not.
//
//   node scripts/healthcheck.mjs web      GET http://127.0.0.1:$BLOOM_PORT$BLOOM_URL_PREFIX/healthcheck
//                                         must answer 200 (Flower's `OK`: database, ingest and broker up)
//   node scripts/healthcheck.mjs ingest   this host's ingest process reported to ingest_health in the
//                                         last 15 s (active or standby; it writes every second)
import os from "node:os";

const mode = process.argv[2] ?? "web";
const env = process.env;

async function web() {
  const port = env.BLOOM_PORT ?? "5555";
  // the same normalisation as BLOOM_URL_PREFIX in lib/config/settings.ts: "flower", "/flower/" → "/flower"
  const inner = (env.BLOOM_URL_PREFIX ?? "").trim().replace(/^\/+|\/+$/g, "");
  const url = `http://127.0.0.1:${port}${inner ? `/${inner}` : ""}/healthcheck`;
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  const body = (await response.text()).slice(0, 200);
  return { ok: response.status === 200, detail: `${url}: ${response.status} ${body}` };
}

async function ingest() {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 4_000 });
  await client.connect();
  try {
    // instance ids are "<hostname>:<pid>:<random>" (worker/ingest/main.ts)
    const { rows } = await client.query(
      "SELECT instance_id, role, extract(epoch FROM now() - updated_at) AS age FROM ingest_health WHERE instance_id LIKE $1 ORDER BY updated_at DESC LIMIT 1",
      [`${os.hostname().replace(/[\\%_]/g, "\\$&")}:%`],
    );
    const row = rows[0];
    if (!row) return { ok: false, detail: `no ingest_health row from ${os.hostname()} yet` };
    return { ok: Number(row.age) < 15, detail: `${row.instance_id} (${row.role}) reported ${Number(row.age).toFixed(1)} s ago` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const probes = { web, ingest };
if (!Object.hasOwn(probes, mode)) {
  process.stderr.write(`usage: healthcheck.mjs web|ingest\n`);
  process.exit(2);
}
try {
  const { ok, detail } = await probes[mode]();
  process.stdout.write(`${ok ? "healthy" : "unhealthy"}: ${detail}\n`);
  process.exit(ok ? 0 : 1);
} catch (error) {
  process.stdout.write(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
