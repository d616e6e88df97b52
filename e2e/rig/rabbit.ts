/**
 * A throwaway RabbitMQ 3.10 node with the management plugin, as root without
 * systemd (recipe: /work/shared/ENVIRONMENT.md), fully isolated from any
 * RabbitMQ the host runs:
 *
 * - its own node name, HOME (Erlang cookie), data and log folders;
 * - every port free and on 127.0.0.1: AMQP, management, Erlang distribution,
 *   and a private epmd. A private epmd means stopping ours never unregisters
 *   another node, which `epmd -kill` on the shared port 4369 would do.
 *
 * Readiness is polled over HTTP and TCP rather than `rabbitmqctl wait`: each
 * rabbitmqctl call boots an Erlang VM (≈ 1–2 s of CPU on 2 cores). Likewise
 * stop() sends SIGTERM to the node, which RabbitMQ handles as `rabbitmqctl
 * stop` does (graceful shutdown), and then waits for the PID to be gone.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { freePorts } from "./free-port";
import { RABBIT_BIN } from "./install-check";
import { track, type Tracked } from "./process-registry";
import { isAlive, signalPid } from "./proc";
import { instanceDir } from "./run-dir";
import { spawnLogged, stopSpawned, type Spawned } from "./spawn";
import { canConnect, type Env, errorWithLog, run, waitFor, waitGone, type RunResult } from "./wait";

export interface RabbitServer {
  /** amqp://guest:guest@127.0.0.1:PORT// (vhost "/", as Celery and amqplib both read it) */
  readonly amqpUrl: string;
  /** http://127.0.0.1:PORT — management UI/API base, no credentials (fetch() rejects URLs with them). */
  readonly managementUrl: string;
  /** http://guest:guest@127.0.0.1:PORT/api/ — the form Flower's --broker_api takes. */
  readonly brokerApiUrl: string;
  readonly username: string;
  readonly password: string;
  readonly port: number;
  readonly managementPort: number;
  readonly distPort: number;
  readonly epmdPort: number;
  readonly nodeName: string;
  readonly logFile: string;
  /** PID of the current Erlang VM (changes after start()). */
  readonly pid: number;
  /** Graceful shutdown (SIGTERM ≙ rabbitmqctl stop); data and ports kept for start(). */
  stop(): Promise<void>;
  /** Starts the node again on the same ports and data. */
  start(): Promise<void>;
  /** Abrupt crash (SIGKILL), for outage tests. */
  kill(): Promise<void>;
  /** Final stop (SIGKILL: the data is thrown away, graceful would cost ≈ 6 s); idempotent. */
  dispose(): Promise<void>;
  /** Runs rabbitmqctl against this node, e.g. `ctl("list_queues", "name", "messages")`. */
  ctl(...args: string[]): Promise<RunResult>;
  /** GET on the management API, e.g. `api("/api/queues")`. */
  api(path: string): Promise<unknown>;
}

export interface StartRabbitOptions {
  readonly readyTimeoutMs?: number;
}

const USER = "guest";
const PASSWORD = "guest";

export async function startRabbit({ readyTimeoutMs = 90_000 }: StartRabbitOptions = {}): Promise<RabbitServer> {
  const [port, managementPort, distPort, epmdPort] = await freePorts(4);
  if (port === undefined || managementPort === undefined || distPort === undefined || epmdPort === undefined) {
    throw new Error("rig: could not allocate RabbitMQ ports");
  }
  const dir = instanceDir("rabbitmq");
  const home = join(dir, "home");
  const logDir = join(dir, "log");
  mkdirSync(home);
  mkdirSync(logDir);
  const nodeName = `bloom${port}@localhost`;
  const logFile = join(logDir, `${nodeName}.log`);
  const pidFile = join(dir, "rabbitmq.pid");
  const configFile = join(dir, "rabbitmq.conf");
  const pluginsFile = join(dir, "enabled_plugins");

  writeFileSync(
    configFile,
    [
      `listeners.tcp.default = 127.0.0.1:${port}`,
      "management.tcp.ip = 127.0.0.1",
      `management.tcp.port = ${managementPort}`,
      // Queue depths in the management API refresh every 5 s by default; tests should not wait that long.
      "collect_statistics_interval = 1000",
      "",
    ].join("\n"),
  );
  writeFileSync(pluginsFile, "[rabbitmq_management].\n");

  const env: Env = {
    ...process.env,
    HOME: home, // the Erlang cookie lives here; rabbitmqctl must see the same one
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    // The CLI's own distribution ports default to DIST_PORT+10000.., which overflow 65535 for high free ports.
    RABBITMQ_CTL_DIST_PORT_MIN: "0",
    RABBITMQ_CTL_DIST_PORT_MAX: "0",
    ERL_EPMD_ADDRESS: "127.0.0.1",
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: logDir,
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
    RABBITMQ_CONFIG_FILE: configFile,
  };

  const authorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const api = async (path: string): Promise<unknown> => {
    const response = await fetch(`${managementUrl}${path}`, {
      headers: { authorization },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return response.json();
  };
  const overviewAnswers = async (): Promise<boolean> => {
    try {
      await api("/api/overview");
      return true;
    } catch {
      return false;
    }
  };

  let epmd: Spawned | undefined;
  let epmdTracked: Tracked | undefined;
  let pid: number | undefined;
  let tracked: Tracked | undefined;

  const startEpmd = async (): Promise<void> => {
    if (epmd && !epmd.hasExited()) return;
    const current = await spawnLogged("/usr/bin/epmd", ["-port", String(epmdPort), "-address", "127.0.0.1"], {
      cwd: dir,
      env,
      logFile: join(logDir, "epmd.log"),
    });
    epmd = current;
    epmdTracked = track({ name: `epmd:${epmdPort}`, pid: current.pid, stop: () => stopEpmd() });
    await waitFor(`epmd on 127.0.0.1:${epmdPort}`, () => canConnect(epmdPort), {
      timeoutMs: 5_000,
      abortIf: () => (current.hasExited() ? "epmd exited" : undefined),
    });
  };

  const stopEpmd = async (): Promise<void> => {
    if (epmd) await stopSpawned(epmd, { signal: "SIGKILL", timeoutMs: 1_000 });
    epmdTracked?.untrack();
    epmdTracked = undefined;
  };

  const readPid = (): number | undefined => {
    try {
      const value = Number(readFileSync(pidFile, "utf8").trim());
      return Number.isInteger(value) && value > 0 ? value : undefined;
    } catch {
      return undefined;
    }
  };

  const launch = async (): Promise<void> => {
    if (pid !== undefined && isAlive(pid)) return;
    await startEpmd();
    try {
      // -detached returns at once; the node writes its PID file early in its boot.
      await run(`${RABBIT_BIN}/rabbitmq-server`, ["-detached"], { cwd: dir, env, timeoutMs: 30_000 });
      const current = await waitFor("the RabbitMQ PID file", () => {
        const value = readPid();
        return value !== undefined && value !== pid && isAlive(value) ? value : undefined;
      }, { timeoutMs: 30_000 });
      pid = current;
      tracked = track({ name: `rabbitmq:${port}`, pid: current, stop: () => halt("SIGKILL") });
      // The management listener starts just before the AMQP one: wait for both.
      await waitFor(
        `RabbitMQ on 127.0.0.1:${port} (management ${managementPort})`,
        async () => (await overviewAnswers()) && (await canConnect(port)),
        { timeoutMs: readyTimeoutMs, intervalMs: 100, abortIf: () => (isAlive(current) ? undefined : "the node exited") },
      );
    } catch (error) {
      await halt("SIGKILL");
      throw errorWithLog(error, logFile);
    }
  };

  const halt = async (signal: "SIGTERM" | "SIGKILL"): Promise<void> => {
    const current = pid;
    if (current !== undefined && isAlive(current)) {
      signalPid(current, signal);
      if (!(await waitGone([current], signal === "SIGTERM" ? 30_000 : 5_000))) {
        signalPid(current, "SIGKILL");
        await waitGone([current], 5_000);
      }
    }
    tracked?.untrack();
    tracked = undefined;
  };

  try {
    await launch();
  } catch (error) {
    await stopEpmd();
    throw error;
  }

  return {
    amqpUrl: `amqp://${USER}:${PASSWORD}@127.0.0.1:${port}//`,
    managementUrl,
    brokerApiUrl: `http://${USER}:${PASSWORD}@127.0.0.1:${managementPort}/api/`,
    username: USER,
    password: PASSWORD,
    port,
    managementPort,
    distPort,
    epmdPort,
    nodeName,
    logFile,
    get pid() {
      if (pid === undefined) throw new Error("rabbitmq was never started");
      return pid;
    },
    stop: () => halt("SIGTERM"),
    start: launch,
    kill: () => halt("SIGKILL"),
    dispose: async () => {
      await halt("SIGKILL");
      await stopEpmd();
    },
    ctl: (...args) => run(`${RABBIT_BIN}/rabbitmqctl`, ["-n", nodeName, ...args], { cwd: dir, env, timeoutMs: 60_000 }),
    api,
  };
}
