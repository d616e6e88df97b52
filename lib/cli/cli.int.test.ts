import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "@/e2e/rig";
import { OPTIONS } from "@/lib/config/flower-options";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const bloomBin = path.join(projectRoot, "bin/bloom.mjs");

type Run = { code: number | null; stdout: string; stderr: string };

/** `node bin/bloom.mjs ...` as a real process, from a folder outside the project. */
function runBloom(args: string[], env: Record<string, string> = {}, cwd = os.tmpdir()): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bloomBin, ...args], {
      cwd,
      // a minimal environment: nothing from this test run leaks into what the CLI reads
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } as Record<string, string> as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bloom CLI as a process", () => {
  it("--help prints every option and exits 0", async () => {
    const result = await runBloom(["--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: bloom \[command\] \[options\]/);
    for (const option of OPTIONS) expect(result.stdout).toContain(`--${option.name}`);
    expect(result.stdout).toContain("(env BLOOM_PORT, FLOWER_PORT; default 5555)");
  });

  it("npx bloom --help works from the repository", async () => {
    const result = await new Promise<Run>((resolve) => {
      const child = spawn("npx", ["--no-install", "bloom", "--help"], { cwd: projectRoot, env: process.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("--basic_auth=USER:PASSWORD[,...]");
  });

  it("--port=abc stops with one line naming the flag, exit 2", async () => {
    const result = await runBloom(["--port=abc"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("bloom: configuration error: --port (BLOOM_PORT): must be a number\n");
    expect(result.stdout).toBe("");
  });

  it("an unknown option stops with the valid ones listed, exit 2", async () => {
    const result = await runBloom(["--nope"]);
    expect(result.code).toBe(2);
    const [first, second] = result.stderr.split("\n");
    expect(first).toBe("bloom: unknown option --nope");
    expect(second).toBe("Valid options:");
    for (const option of OPTIONS) expect(result.stderr).toContain(`--${option.name}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a flowerconfig.py with code in it is refused, not run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-conf-"));
    const marker = path.join(dir, "ran");
    fs.writeFileSync(path.join(dir, "flowerconfig.py"), `port = 5555\nimport os; os.system('touch ${marker}')\n`);
    try {
      const result = await runBloom([], {}, dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^bloom: flowerconfig.py line 2: `import` is Python code/);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bad BLOOM_HEALTH_* value stops start-up with one line", async () => {
    const result = await runBloom([], { BLOOM_HEALTH_SUCCESS_RATE_WARNING: "150" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("bloom: configuration error: BLOOM_HEALTH_SUCCESS_RATE_WARNING: must be a percentage (0-100)\n");
  });
});

/** Signs in through NextAuth's credentials flow; returns the Cookie header of the session. */
async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseUrl}/config`, json: "true" }),
  });
  keep(login);
  expect([...jar.keys()].some((name) => name.includes("session-token")), `sign-in answered ${login.status}`).toBe(true);
  return header();
}

describe("bloom starts Bloom with Flower's options", () => {
  it("serves on --port and shows each value and where it came from on the config page", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-cli-start-"));
    fs.chmodSync(dir, 0o755);
    const conf = path.join(dir, "flower.py");
    fs.writeFileSync(conf, ["# a Flower config file, read as data", "broker_api = 'http://guest:conf-secret@127.0.0.1:15672/api/'", "tasks_columns = ['name', 'uuid', 'state', 'runtime']", "max_tasks = 100"].join("\n"));
    const port = await freePort();
    const password = "cli-test-password-1";
    const child = spawn(
      process.execPath,
      [
        bloomBin,
        "-A", "proj",
        "flower",
        `--port=${port}`,
        "--address", "127.0.0.1",
        `--broker=${inject("redisUrl")}`,
        "--natural_time",
        "--persistent=True",
        `--basic-auth=admin:${password}`,
        `--conf=${conf}`,
        `--data_dir=${dir}`,
      ],
      {
        cwd: dir,
        detached: true, // its own process group, like a terminal's foreground job
        env: { ...process.env, DATABASE_URL: inject("databaseUrl"), FLOWER_MAX_TASKS: "2500", LOG_FORMAT: "json" } as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 300_000;
      let status = 0;
      while (Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`${baseUrl}/healthcheck`).then((response) => response.status, () => 0);
        if (status !== 0) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect([200, 503], output).toContain(status);
      expect(output).toContain("bloom: note: -A proj is accepted but does not apply: Bloom does not import your Celery app");
      expect(output).toContain("bloom: note: --persistent is accepted but does not apply: Bloom always persists");
      expect(output).toContain("bloom: read 3 settings from flower.py (as data; it is not executed)");

      const cookie = await signIn(baseUrl, "admin", password);
      const page = await fetch(`${baseUrl}/config`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = (await page.text()).replace(/<!-- -->/g, "");
      const row = (variable: string): string => {
        const match = new RegExp(`<tr[^>]*>(?:(?!</tr>).)*>${variable}<(?:(?!</tr>).)*</tr>`, "s").exec(html);
        expect(match, `row of ${variable}`).not.toBeNull();
        return (match?.[0] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      };
      expect(row("BLOOM_PORT")).toMatch(new RegExp(`${port} cli --port`));
      expect(row("BLOOM_NATURAL_TIME")).toMatch(/true cli --natural_time/);
      expect(row("CELERY_BROKER_URL")).toContain(`${inject("redisUrl")} cli --broker`);
      expect(row("BLOOM_MAX_TASKS")).toMatch(/2500 env FLOWER_MAX_TASKS/);
      expect(row("BLOOM_TASKS_COLUMNS")).toMatch(/name,uuid,state,runtime conf flower\.py:3 tasks_columns/);
      expect(row("BLOOM_BROKER_API")).toMatch(/http:\/\/guest:\*{8}@127\.0\.0\.1:15672\/api\/ conf flower\.py:2 broker_api/);
      expect(row("BLOOM_BASIC_AUTH")).toMatch(/\*{8} cli --basic-auth/);
      expect(row("BLOOM_READ_ONLY")).toMatch(/false default/);
      expect(html).not.toContain("conf-secret");
      expect(html).not.toContain(password);

      process.kill(-child.pid!, "SIGINT");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 360_000);
});
