import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { buildProcessBundles } from "./launcher/process-bundles";

const projectRoot = path.resolve(import.meta.dirname, "..");

/** Runs the start command's entry point with the given env and collects its output. */
function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "worker/start.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", NEXTAUTH_SECRET: "start-test-secret-0123456789abcdef", ...env } as NodeJS.ProcessEnv,
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("close", (code) => resolve({ code, stderr, stdout }));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectOneClearLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe("start-up with bad configuration", () => {
  it("stops on a malformed DATABASE_URL, naming it", async () => {
    expectOneClearLine(await runStart({ DATABASE_URL: "postgres//nohost" }), /^bloom: configuration error: DATABASE_URL: /);
  });

  it("stops on a malformed broker URL, naming it", async () => {
    expectOneClearLine(await runStart({ CELERY_BROKER_URL: "kafka://x:1" }), /^bloom: configuration error: CELERY_BROKER_URL: /);
  });

  it("stops when the web port is in use", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expectOneClearLine(await runStart({ BLOOM_PORT: String(port) }), new RegExp(`^bloom: configuration error: BLOOM_PORT: port ${port} .* already in use`));
    } finally {
      server.close();
    }
  });

  it("stops when the database cannot be reached", async () => {
    const result = await runStart({ DATABASE_URL: "postgresql://u:secret@127.0.0.1:1/db", BLOOM_PORT: String(await freePort()) });
    expectOneClearLine(result, /^bloom: configuration error: DATABASE_URL: cannot connect to postgresql:\/\/u:\*\*\*\*@127\.0\.0\.1:1\/db/);
    expect(result.stderr).not.toContain("secret");
  });

  it("stops when the data folder cannot be written", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bloom-start-")), "a-file");
    fs.writeFileSync(file, "");
    expectOneClearLine(await runStart({ BLOOM_DATA_DIR: path.join(file, "sub"), BLOOM_PORT: String(await freePort()) }), /^bloom: configuration error: BLOOM_DATA_DIR: cannot create or write /);
  });

  it("stops in production without NEXTAUTH_SECRET, naming it", async () => {
    expectOneClearLine(await runStart({ NEXTAUTH_SECRET: "", BLOOM_PORT: String(await freePort()) }), /^bloom: configuration error: NEXTAUTH_SECRET: is required in production/);
  });

  it("refuses to start in production when nobody could sign in, and says how to configure it", async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_start_no_auth");
    try {
      const result = await runStart({ DATABASE_URL: db.url, BLOOM_PORT: String(await freePort()) });
      expectOneClearLine(result, /^bloom: configuration error: BLOOM_BASIC_AUTH: Bloom runs in production mode and nobody could sign in\. Set BLOOM_BASIC_AUTH=user:password/);
      expect(result.stderr).toContain("bloom users add");
    } finally {
      await db.drop();
    }
  });
});

describe("a web process started directly (systemd, docker compose)", () => {
  it("stops with one clear line when there is no build for its URL prefix, before Next starts", async () => {
    // The production artifact, as systemd and compose run it.
    const { web } = await buildProcessBundles(projectRoot);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [web], {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          NODE_ENV: "production",
          DATABASE_URL: "postgresql://bloom:secret@127.0.0.1:1/bloom",
          NEXTAUTH_SECRET: "start-test-secret-0123456789abcdef",
          BLOOM_BASIC_AUTH: "ops:s3cret-pass",
          BLOOM_URL_PREFIX: "never-built-prefix",
          NEXTAUTH_URL: "https://ops.example.com/never-built-prefix",
        } as NodeJS.ProcessEnv,
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bloom web: configuration error: BLOOM_URL_PREFIX: there is no web build for the URL prefix \/never-built-prefix \(\.next-never-built-prefix\/ in .*\)\. Build it .*npm run build/);
  });
});

describe("start and stop", () => {
  it("starts web, ingest and the embedded PostgreSQL, then stops them all on Ctrl-C", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-start-ok-"));
    fs.chmodSync(dataDir, 0o755); // the embedded Postgres runs as user postgres
    const port = await freePort();
    const pgPort = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "worker/start.ts"], {
      cwd: projectRoot,
      detached: true, // its own process group, like a terminal's foreground job
      env: { ...process.env, DATABASE_URL: "", BLOOM_PORT: String(port), BLOOM_DATA_DIR: dataDir, BLOOM_EMBEDDED_PG_PORT: String(pgPort), CELERY_BROKER_URL: `redis://127.0.0.1:${await freePort()}/0`, LOG_FORMAT: "json" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 180_000;
      let status = 0;
      while (Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/healthcheck`).then((r) => r.status, () => 0);
        if (status !== 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // the broker is unreachable on purpose: Bloom runs, and says it is unhealthy
      expect(status, output).toBe(503);
      expect(await fetch(`http://127.0.0.1:${port}/healthcheck`).then((r) => r.text())).toMatch(/^UNHEALTHY: /);
      process.kill(-child.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      // nothing left listening: neither the web port nor the embedded Postgres
      for (const p of [port, pgPort]) {
        const inUse = await new Promise<boolean>((resolve) => {
          const socket = net.connect(p, "127.0.0.1");
          socket.once("connect", () => (socket.destroy(), resolve(true)));
          socket.once("error", () => resolve(false));
        });
        expect(inUse, `port ${p}`).toBe(false);
      }
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
