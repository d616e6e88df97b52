import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { loadAuthSettings } from "@/lib/auth/auth-settings";
import { authenticatePassword } from "@/lib/auth/credentials";
import { getPrisma } from "@/lib/db/client";

/**
 * `bloom users` as a real process against the rig's PostgreSQL: what it stores is what
 * sign-in checks (authenticatePassword), every change is audited as cli:<OS user>, and each
 * mistake has its own exit code and message. One test drives the prompt through a real
 * pseudo-terminal (util-linux `script`) to show the password is not echoed.
 */
const projectRoot = path.resolve(import.meta.dirname, "../..");
const bloomBin = path.join(projectRoot, "bin/bloom.mjs");

type Run = { code: number | null; stdout: string; stderr: string };

describe("bloom users", () => {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  // one configured user, so no development seed: the names below are stored users only
  const settings = loadAuthSettings({ BLOOM_ENV: "development", BLOOM_BASIC_AUTH: "ops:ops-password" });
  const signIn = (username: string, password: string) => authenticatePassword(username, password, { source: "form", ip: undefined }, settings);

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_cli_users");
    databaseUrl = db.url;
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    await getPrisma().$disconnect();
    await drop();
  });

  function bloom(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bloomBin, "users", ...args], {
        cwd: os.tmpdir(),
        // a minimal environment: nothing from this test run leaks into what the CLI reads
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: databaseUrl, ...options.env } as Record<string, string> as NodeJS.ProcessEnv,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.stdin ?? "");
    });
  }

  const cliActor = `cli:${os.userInfo().username}`;
  const alicePassword = "correct horse: battery, ünïcode ";

  it("adds an admin from --password-stdin, who can then sign in; the change is audited", async () => {
    const added = await bloom(["add", "alice", "--role", "admin", "--password-stdin"], { stdin: `${alicePassword}\n` });
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: "added admin alice\n" });
    // the trailing space is part of the password; only the line break was dropped
    expect(await signIn("alice", alicePassword)).toMatchObject({ ok: true, actor: { name: "alice", role: "admin" } });
    expect(await signIn("alice", alicePassword.trimEnd())).toEqual({ ok: false, reason: "invalid" });
    const audit = await getPrisma().auditLog.findMany({ where: { action: "user.create", target: "alice" } });
    expect(audit.map((row) => [row.actor, row.outcome])).toEqual([[cliActor, "ok"]]);
  });

  it("lists stored users as a table and as JSON", async () => {
    expect((await bloom(["add", "bob", "--password-stdin", "--email", "bob@example.com"], { stdin: "bob-password-1" })).code).toBe(0);
    const table = await bloom(["list"]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+ROLE\s+SOURCE\s+STATUS\s+LAST SIGN-IN$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 4))).toEqual([
      ["alice", "admin", "password", "active"],
      ["bob", "viewer", "password", "active"],
    ]);
    const json = await bloom(["list", "--json"]);
    const users = JSON.parse(json.stdout) as { username: string; role: string; email: string | null; hasPassword: boolean; lastSignInAt: string | null }[];
    expect(users.map((user) => [user.username, user.role, user.email, user.hasPassword])).toEqual([
      ["alice", "admin", null, true],
      ["bob", "viewer", "bob@example.com", true],
    ]);
    expect(users[0]?.lastSignInAt).not.toBeNull(); // alice signed in above
    expect(JSON.stringify(users)).not.toContain("$2"); // no bcrypt hash leaves the database
  });

  it("refuses a duplicate name (4), a weak password (2), a bad role (2) and --password on the command line (2)", async () => {
    const duplicate = await bloom(["add", "alice", "--password-stdin"], { stdin: "another-password" });
    expect(duplicate).toMatchObject({ code: 4, stdout: "" });
    expect(duplicate.stderr).toBe('bloom users: user "alice" already exists (change its password with `bloom users passwd alice`)\n');

    const weak = await bloom(["add", "carol", "--password-stdin"], { stdin: "short\n" });
    expect(weak).toMatchObject({ code: 2, stderr: "bloom users: password must be at least 8 characters\n" });

    const role = await bloom(["add", "carol", "--role", "root", "--password-stdin"], { stdin: "long-enough-1" });
    expect(role).toMatchObject({ code: 2, stderr: 'bloom users: --role must be "admin" or "viewer"\n' });

    const argv = await bloom(["add", "carol", "--password", "hunter2-hunter2"]);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain("passwords are never taken from the command line");

    expect((await bloom(["list", "--json"])).stdout).not.toContain("carol");
  });

  it("changes a password: the old one stops working, the new one works", async () => {
    const changed = await bloom(["passwd", "bob", "--password-stdin"], { stdin: "bob-password-2\n" });
    expect(changed, changed.stderr).toMatchObject({ code: 0, stdout: "password of bob changed\n" });
    expect(await signIn("bob", "bob-password-1")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("bob", "bob-password-2")).toMatchObject({ ok: true, actor: { name: "bob", role: "viewer" } });
  });

  it("answers 3 for a user that does not exist", async () => {
    for (const args of [["passwd", "nobody", "--password-stdin"], ["remove", "nobody"], ["role", "nobody", "admin"]]) {
      const result = await bloom(args, { stdin: "whatever-password" });
      expect(result.code, args.join(" ")).toBe(3);
      expect(result.stderr).toMatch(/^bloom users: no stored user "nobody"/);
    }
  });

  it("keeps the last admin (4) and changes roles", async () => {
    const demoteLast = await bloom(["role", "alice", "viewer"]);
    expect(demoteLast.code).toBe(4);
    expect(demoteLast.stderr).toBe('bloom users: "alice" is the last admin; make someone else admin first\n');
    expect((await bloom(["role", "bob", "admin"])).stdout).toBe("bob is now admin\n");
    expect((await bloom(["role", "alice", "viewer"])).stdout).toBe("alice is now viewer\n");
    expect(await signIn("alice", alicePassword)).toMatchObject({ ok: true, actor: { role: "viewer" } });
  });

  it("removes a user, who can no longer sign in", async () => {
    const removed = await bloom(["remove", "alice"]);
    expect(removed, removed.stderr).toMatchObject({ code: 0, stdout: "removed alice\n" });
    expect(await signIn("alice", alicePassword)).toEqual({ ok: false, reason: "invalid" });
    const audit = await getPrisma().auditLog.findMany({ where: { actor: cliActor }, orderBy: { id: "asc" } });
    expect(audit.map((row) => `${row.action} ${row.target}`)).toEqual([
      "user.create alice",
      "user.create bob",
      "user.password bob",
      "user.role bob",
      "user.role alice",
      "user.remove alice",
    ]);
  });

  it("prompts on a terminal without echoing, twice, and stores what was typed", async () => {
    const typed = "typed-at-the-tty-ß";
    const result = await new Promise<Run>((resolve) => {
      // `script` gives the CLI a real pseudo-terminal; its output is what the user's screen shows.
      const command = `${process.execPath} ${bloomBin} users passwd bob`;
      const child = spawn("script", ["-qec", command, "/dev/null"], {
        cwd: os.tmpdir(),
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: databaseUrl, TERM: "dumb" } as Record<string, string> as NodeJS.ProcessEnv,
      });
      let screen = "";
      let answered = 0;
      child.stdout.on("data", (chunk: Buffer) => {
        screen += chunk.toString();
        // type only once the prompt is up (raw mode on), as a person would
        const prompts = (screen.match(/New password: |Repeat it: /g) ?? []).length;
        if (prompts > answered) {
          answered = prompts;
          child.stdin.write(`${typed}\r`);
        }
      });
      child.on("close", (code) => resolve({ code, stdout: screen, stderr: "" }));
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("New password: ");
    expect(result.stdout).toContain("Repeat it: ");
    expect(result.stdout).toContain("password of bob changed");
    expect(result.stdout).not.toContain("typed-at");
    expect(await signIn("bob", typed)).toMatchObject({ ok: true });
  });

  it("without a terminal and without --password-stdin, says how to pipe the password (2)", async () => {
    const result = await bloom(["passwd", "bob"]);
    expect(result).toMatchObject({ code: 2, stderr: "bloom users: standard input is not a terminal; pipe the password with --password-stdin\n" });
  });
});
