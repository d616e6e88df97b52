import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, "..");
const prismaCli = path.join(projectRoot, "node_modules/prisma/build/index.js");

/** A fresh database on the rig's PostgreSQL, so this test owns its schema. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe("committed migrations", () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createDatabase(inject("databaseUrl"), "bloom_migrations_check");
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    await client.query("DROP DATABASE IF EXISTS bloom_migrations_check WITH (FORCE)");
    await client.end();
  });

  const prisma = (args: string[]) =>
    run(process.execPath, [prismaCli, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" } });

  it("apply to an empty database with the offline schema engine", async () => {
    const { stdout } = await prisma(["migrate", "deploy"]);
    expect(stdout).toMatch(/successfully applied|No pending migrations/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by 1");
    await client.end();
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["tasks", "task_events", "workers", "queue_samples", "task_rollups", "dead_letters", "ingest_health", "users", "api_tokens", "audit_log"]),
    );
  });

  it("match prisma/schema.prisma exactly (no drift)", async () => {
    // --exit-code: 0 = no difference, 2 = difference; execFile rejects on 2.
    const { stdout } = await prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"]);
    expect(stdout).toContain("No difference detected");
  });
});
