import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/e2e/rig";
import { MIGRATION_LOCK_KEY } from "@/worker/launcher/migration-lock";

/**
 * `bloom migrate` as real processes against the rig's PostgreSQL: several replicas starting
 * at once on a fresh database all succeed and apply each migration exactly once, because
 * they take turns on the advisory lock.
 */
const projectRoot = path.resolve(import.meta.dirname, "../..");
const bloomBin = path.join(projectRoot, "bin/bloom.mjs");
const prismaCli = path.join(projectRoot, "node_modules/prisma/build/index.js");
const run = promisify(execFile);
const migrationNames = fs
  .readdirSync(path.join(projectRoot, "prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

type Run = { code: number | null; stdout: string; stderr: string };
type Running = { done: Promise<Run>; stderrSoFar: () => string };

function startMigrate(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [bloomBin, "migrate"], {
    cwd: os.tmpdir(),
    // a minimal environment: nothing from this test run leaks into what the CLI reads
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_FORMAT: "json", ...env } as Record<string, string> as NodeJS.ProcessEnv,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))), stderrSoFar: () => stderr };
}

function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function freshDatabase(name: string): Promise<string> {
  const adminUrl = inject("databaseUrl");
  await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await query(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe("bloom migrate", () => {
  const databases = ["bloom_migrate_race", "bloom_migrate_wait", "bloom_migrate_slow"];
  afterAll(async () => {
    for (const name of databases) await query(inject("databaseUrl"), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("from four replicas at once on a fresh database: all succeed, each migration applied once", async () => {
    expect(migrationNames.length).toBeGreaterThan(3);
    const url = await freshDatabase("bloom_migrate_race");
    const runs = await Promise.all(Array.from({ length: 4 }, () => startMigrate({ DATABASE_URL: url }).done));
    for (const result of runs) expect(result.code, result.stderr).toBe(0);

    // Exactly one replica applied the migrations; the others waited and found nothing to do.
    const outcomes = runs.map((result) => logLines(result.stderr).find((line) => line.msg === "database migrations up to date")?.outcome);
    expect(outcomes.filter((outcome) => /successfully applied/.test(String(outcome)))).toHaveLength(1);
    expect(outcomes.filter((outcome) => /No pending migrations/.test(String(outcome)))).toHaveLength(3);

    const applied = await query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      url,
      "SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(applied).toEqual(migrationNames.map((name) => ({ migration_name: name, finished: true, rolled_back: false })));
    const tables = await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(["tasks", "task_events", "workers", "users", "audit_log", "alert_rules"]));
    // the lock is released once every replica is done
    const locks = await query(url, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    expect(locks).toEqual([]);
  });

  it("waits while another process holds the migration lock, then applies", async () => {
    const url = await freshDatabase("bloom_migrate_wait");
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      const running = startMigrate({ DATABASE_URL: url });
      await expect.poll(() => running.stderrSoFar(), { timeout: 60_000, interval: 100 }).toContain("another Bloom process is applying migrations; waiting for it");
      // Nothing was applied while the lock was held elsewhere.
      const before = await query(url, "SELECT 1 FROM information_schema.tables WHERE table_name = '_prisma_migrations'");
      expect(before).toEqual([]);
      await holder.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      const result = await running.done;
      expect(result.code, result.stderr).toBe(0);
      const applied = await query<{ n: string }>(url, "SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      expect(Number(applied[0]?.n)).toBe(migrationNames.length);
    } finally {
      await holder.end();
    }
  });

  it("a migration slower than Prisma's own 10 s lock timeout: the other replicas wait instead of failing", async () => {
    const url = await freshDatabase("bloom_migrate_slow");
    const [init] = migrationNames;
    const prisma = (args: string[]) => run(process.execPath, [prismaCli, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" } });
    // The database is one version behind: only the first migration is applied.
    await prisma(["db", "execute", "--file", `prisma/migrations/${init}/migration.sql`]);
    await prisma(["migrate", "resolve", "--applied", String(init)]);

    // The next migration indexes "tasks"; holding that table makes it as slow as we like.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE");
      const replicas = Array.from({ length: 3 }, () => startMigrate({ DATABASE_URL: url }));
      await expect
        .poll(async () => (await query(url, "SELECT 1 FROM pg_locks WHERE relation = 'tasks'::regclass AND NOT granted")).length, { timeout: 90_000, interval: 200 })
        .toBe(1);
      await expect
        .poll(() => replicas.filter((replica) => replica.stderrSoFar().includes("waiting for it")).length, { timeout: 90_000, interval: 200 })
        .toBe(2);
      // Hold it past the 10 s Prisma's native schema engine waits for its own advisory lock
      // (the wasm engine Bloom runs offline waits longer): Bloom's lock keeps waiting either way.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      await holder.query("COMMIT");
      const runs = await Promise.all(replicas.map((replica) => replica.done));
      for (const result of runs) expect(result.code, result.stderr).toBe(0);
    } finally {
      await holder.end();
    }
    const applied = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1");
    expect(applied.map((row) => row.migration_name)).toEqual(migrationNames);
  });

  it("without DATABASE_URL and no embedded PostgreSQL running, says so and exits 1", async () => {
    const port = await freePort();
    const result = await startMigrate({ BLOOM_EMBEDDED_PG_PORT: String(port) }).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`bloom migrate: DATABASE_URL is unset and Bloom's embedded PostgreSQL is not running (postgresql://bloom:****@127.0.0.1:${port}/bloom`);
    expect(result.stderr).toContain("Start Bloom first (`npm start` runs it), or set DATABASE_URL");
  });
});
