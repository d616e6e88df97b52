/**
 * A throwaway Debian PostgreSQL 15 cluster: initdb into the run folder, pg_ctl
 * start on a free port, trust auth on 127.0.0.1 only, durability switched off
 * (fsync, full-page writes) because the data dies with the test run anyway.
 *
 * Postgres refuses to run as root, so every server-side command runs as the
 * `postgres` OS user through runuser (works without sudo, PAM or systemd).
 */
import { chownSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import pg from "pg";

import { freePort } from "./free-port";
import { PG_BIN } from "./install-check";
import { track, type Tracked } from "./process-registry";
import { isAlive, signalPid } from "./proc";
import { instanceDir } from "./run-dir";
import { type Env, errorWithLog, run, waitGone } from "./wait";

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:PORT/bloom_test */
  readonly url: string;
  readonly port: number;
  readonly database: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** PID of the current postmaster (changes after start()). */
  readonly pid: number;
  readonly version: string;
  /** Fast shutdown (clients disconnected, clean checkpoint); data and port kept for start(). */
  stop(): Promise<void>;
  /** Starts again on the same port and data folder. */
  start(): Promise<void>;
  /** Immediate shutdown, like a crash (recovery runs on the next start). */
  kill(): Promise<void>;
  /** Final stop; idempotent. */
  dispose(): Promise<void>;
  /** Creates another database on this server (e.g. one per test file) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** URL of another database on this server. */
  urlFor(database: string): string;
}

export interface StartPostgresOptions {
  readonly database?: string;
  readonly port?: number;
}

function postgresUser(): { uid: number; gid: number } {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [name, , uid, gid] = line.split(":");
    if (name === "postgres" && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error("rig: OS user postgres not found; run scripts/install-test-deps.sh");
}

/** Runs a PG binary as the postgres user. */
function asPostgres(bin: string, args: readonly string[], cwd: string, timeoutMs = 60_000): ReturnType<typeof run> {
  // LC_ALL keeps initdb from inheriting a locale the machine does not have.
  const env: Env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C.UTF-8", LANG: "C.UTF-8" };
  return run("/usr/sbin/runuser", ["-u", "postgres", "--", `${PG_BIN}/${bin}`, ...args], { cwd, env, timeoutMs });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function startPostgres({ database = "bloom_test", port: wanted }: StartPostgresOptions = {}): Promise<PostgresServer> {
  const port = wanted ?? (await freePort());
  const dir = instanceDir("postgres");
  const dataDir = join(dir, "data");
  // Postgres insists on owning its data folder with mode 0700 (and writes its log there, since
  // the instance folder is root's).
  mkdirSync(dataDir, { mode: 0o700 });
  const { uid, gid } = postgresUser();
  chownSync(dataDir, uid, gid);
  const logFile = join(dataDir, "postgres.log");

  await asPostgres(
    "initdb",
    ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
    dataDir,
  );

  const serverOptions = [
    `-p ${port}`,
    `-k ${dataDir}`, // the Unix socket stays inside our folder, never /var/run/postgresql
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");

  let pid: number | undefined;
  let tracked: Tracked | undefined;
  const url = (db: string): string => `postgresql://postgres@127.0.0.1:${port}/${db}`;

  const readPid = (): number => {
    const first = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0];
    const value = Number(first);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`rig: bad postmaster.pid in ${dataDir}`);
    return value;
  };

  const launch = async (): Promise<void> => {
    if (pid !== undefined && isAlive(pid)) return;
    try {
      // -w: pg_ctl itself polls until the server accepts connections.
      await asPostgres("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "60", "start"], dataDir, 90_000);
    } catch (error) {
      throw errorWithLog(error, logFile);
    }
    const current = readPid();
    pid = current;
    tracked = track({ name: `postgres:${port}`, pid: current, killSignal: "SIGQUIT", stop: () => halt("immediate") });
  };

  const halt = async (mode: "fast" | "immediate"): Promise<void> => {
    const current = pid;
    if (current === undefined) return;
    if (isAlive(current)) {
      try {
        await asPostgres("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "30", "stop"], dataDir, 40_000);
      } catch {
        // pg_ctl could not do it (e.g. postmaster.pid already gone): signal it ourselves.
        signalPid(current, "SIGQUIT");
      }
      // pg_ctl waits for postmaster.pid to disappear; wait for the process itself too,
      // so a following start() cannot race the old postmaster for the port.
      if (!(await waitGone([current], 10_000))) {
        signalPid(current, "SIGKILL");
        await waitGone([current], 5_000);
      }
    }
    tracked?.untrack();
    tracked = undefined;
  };

  await launch();

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url("postgres") });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE ${quoteIdent(database)}`);
  } catch (error) {
    await halt("immediate");
    throw errorWithLog(error, logFile);
  }

  const { stdout } = await run(`${PG_BIN}/postgres`, ["--version"]);

  return {
    url: url(database),
    port,
    database,
    dataDir,
    logFile,
    get pid() {
      if (pid === undefined) throw new Error("postgres was never started");
      return pid;
    },
    version: stdout.trim(),
    stop: () => halt("fast"),
    start: launch,
    kill: () => halt("immediate"),
    dispose: () => halt("immediate"),
    createDatabase: async (name) => {
      await admin(`CREATE DATABASE ${quoteIdent(name)}`);
      return url(name);
    },
    urlFor: url,
  };
}
