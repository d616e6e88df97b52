/**
 * A throwaway Redis on a free loopback port: no persistence (data lives only as
 * long as the process, like a broker a test can crash), foreground child so
 * Node reaps it and we always know its PID.
 */
import { connect } from "node:net";
import { join } from "node:path";

import { freePort } from "./free-port";
import { track, type Tracked } from "./process-registry";
import { instanceDir } from "./run-dir";
import { spawnLogged, stopSpawned, type Spawned } from "./spawn";
import { errorWithLog, waitFor } from "./wait";

export interface RedisServer {
  /** redis://127.0.0.1:PORT/0 */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
  /** PID of the current server process (changes after start()). */
  readonly pid: number;
  /** Graceful shutdown (SIGTERM, nothing saved); the port stays ours for start(). */
  stop(): Promise<void>;
  /** Starts again on the same port (after stop() or kill()). */
  start(): Promise<void>;
  /** Abrupt crash (SIGKILL), for outage tests. */
  kill(): Promise<void>;
  /** Final stop; idempotent. */
  dispose(): Promise<void>;
  /** `redis://127.0.0.1:PORT/<db>` for a database other than 0. */
  urlFor(db: number): string;
}

export interface StartRedisOptions {
  readonly port?: number;
  readonly readyTimeoutMs?: number;
}

/** One PING over a raw socket: avoids a client library and a redis-cli process per probe. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

export async function startRedis({ port: wanted, readyTimeoutMs = 10_000 }: StartRedisOptions = {}): Promise<RedisServer> {
  const port = wanted ?? (await freePort());
  const dir = instanceDir("redis");
  const logFile = join(dir, "redis.log");
  let spawned: Spawned | undefined;
  let tracked: Tracked | undefined;

  const launch = async (): Promise<void> => {
    if (spawned && !spawned.hasExited()) return;
    const current = await spawnLogged(
      "/usr/bin/redis-server",
      [
        "--bind", "127.0.0.1",
        "--port", String(port),
        "--dir", dir,
        "--logfile", logFile,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        // Event consumers fall behind under load in tests; never disconnect them for it.
        "--client-output-buffer-limit", "pubsub 0 0 0",
      ],
      { cwd: dir, env: process.env, logFile },
    );
    spawned = current;
    tracked = track({ name: `redis:${port}`, pid: current.pid, stop: () => finalStop() });
    try {
      await waitFor(`redis on 127.0.0.1:${port}`, () => ping(port), {
        timeoutMs: readyTimeoutMs,
        abortIf: () => (current.hasExited() ? "redis-server exited" : undefined),
      });
    } catch (error) {
      await finalStop();
      throw errorWithLog(error, logFile);
    }
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (!spawned) return;
    await stopSpawned(spawned, { signal, timeoutMs: 5_000 });
    tracked?.untrack();
    tracked = undefined;
  };
  const finalStop = (): Promise<void> => halt("SIGKILL");

  await launch();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    dir,
    logFile,
    get pid() {
      if (!spawned) throw new Error("redis was never started");
      return spawned.pid;
    },
    stop: () => halt("SIGTERM"),
    start: launch,
    kill: () => halt("SIGKILL"),
    dispose: finalStop,
    urlFor: (db) => `redis://127.0.0.1:${port}/${db}`,
  };
}

