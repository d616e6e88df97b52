import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";

/**
 * scripts/healthcheck.mjs, the probe of the Dockerfile's HEALTHCHECK and docker-compose.yml,
 * against a real HTTP server (web) and the rig's PostgreSQL (ingest).
 */
const script = path.resolve(import.meta.dirname, "healthcheck.mjs");

function probe(mode: string, env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, mode], { env: { PATH: process.env.PATH ?? "", ...env } as Record<string, string> as NodeJS.ProcessEnv, encoding: "utf8" }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

describe("healthcheck.mjs web", () => {
  let server: http.Server;
  let port: number;
  let status = 200;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.url ?? "");
      response.writeHead(request.url === "/flower/healthcheck" ? status : 404).end(status === 200 ? "OK" : "UNHEALTHY: broker down");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks BLOOM_PORT's /healthcheck under the URL prefix: 0 on 200, 1 otherwise", async () => {
    expect(await probe("web", { BLOOM_PORT: String(port), BLOOM_URL_PREFIX: "flower/" })).toMatchObject({ code: 0 });
    expect(seen.at(-1)).toBe("/flower/healthcheck");
    status = 503;
    const unhealthy = await probe("web", { BLOOM_PORT: String(port), BLOOM_URL_PREFIX: "/flower" });
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stdout).toContain("503 UNHEALTHY: broker down");
    expect((await probe("web", { BLOOM_PORT: String(port) })).code).toBe(1); // no prefix → 404
  });
});

describe("healthcheck.mjs ingest", () => {
  let url: string;
  let drop: () => Promise<void>;
  const sql = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    ({ url, drop } = await createMigratedDatabase(inject("databaseUrl"), "bloom_healthcheck"));
  });
  afterAll(() => drop());

  it("is healthy while this host's ingest process reports, unhealthy when it stopped or never did", async () => {
    expect(await probe("ingest", { DATABASE_URL: url })).toMatchObject({ code: 1, stdout: `unhealthy: no ingest_health row from ${os.hostname()} yet\n` });
    await sql("INSERT INTO ingest_health (instance_id, role, broker_url, broker_state, updated_at) VALUES ($1, 'standby', 'redis://x', 'standby', now())", [`${os.hostname()}:42:abc`]);
    await sql("INSERT INTO ingest_health (instance_id, role, broker_url, broker_state, updated_at) VALUES ('elsewhere:1:def', 'active', 'redis://x', 'connected', now() - interval '1 hour')");
    const healthy = await probe("ingest", { DATABASE_URL: url });
    expect(healthy.code, healthy.stdout).toBe(0);
    expect(healthy.stdout).toContain(`${os.hostname()}:42:abc (standby)`);
    await sql("UPDATE ingest_health SET updated_at = now() - interval '1 minute' WHERE instance_id = $1", [`${os.hostname()}:42:abc`]);
    expect((await probe("ingest", { DATABASE_URL: url })).code).toBe(1);
  });
});
