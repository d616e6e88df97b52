/**
 * Redis set-ups the shared rig does not offer (yet): a Sentinel and a TLS-only server.
 * Tracked by the rig's process registry, so a failed test cannot leave them running.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { canConnect, freePort, instanceDir, track, waitFor } from "@/e2e/rig";
import { spawnLogged, stopSpawned } from "@/e2e/rig/spawn";
import { run } from "@/e2e/rig/wait";

type Server = { port: number; stop(): Promise<void> };

async function spawnRedis(name: string, dir: string, port: number, args: string[]): Promise<Server> {
  const spawned = await spawnLogged("/usr/bin/redis-server", args, { cwd: dir, env: process.env, logFile: join(dir, `${name}.log`) });
  const stop = async () => {
    await stopSpawned(spawned, { signal: "SIGTERM", timeoutMs: 5_000 });
    tracked.untrack();
  };
  const tracked = track({ name: `${name}:${port}`, pid: spawned.pid, stop });
  try {
    await waitFor(`${name} on 127.0.0.1:${port}`, () => canConnect(port), {
      timeoutMs: 10_000,
      abortIf: () => (spawned.hasExited() ? `${name} exited` : undefined),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

/** A Sentinel watching the master on `masterPort` under the name "mymaster". */
export async function startSentinel(masterPort: number): Promise<Server> {
  const port = await freePort();
  const dir = instanceDir("redis-sentinel");
  // Sentinel rewrites its config file, so it lives in the run folder.
  const config = join(dir, "sentinel.conf");
  writeFileSync(config, [`port ${port}`, "bind 127.0.0.1", `dir ${dir}`, `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`, ""].join("\n"));
  return spawnRedis("redis-sentinel", dir, port, [config, "--sentinel"]);
}

/** A password-protected Redis that speaks only TLS, with a fresh self-signed certificate for localhost. */
export async function startTlsRedis(password: string): Promise<Server & { caFile: string }> {
  const port = await freePort();
  const dir = instanceDir("redis-tls");
  const caFile = join(dir, "tls.crt");
  const keyFile = join(dir, "tls.key");
  await run("/usr/bin/openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", keyFile, "-out", caFile,
  ]);
  const server = await spawnRedis("redis-tls", dir, port, [
    "--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1",
    "--tls-cert-file", caFile, "--tls-key-file", keyFile, "--tls-auth-clients", "no",
    "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir,
  ]);
  return { ...server, caFile };
}
