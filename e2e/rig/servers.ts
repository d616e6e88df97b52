/**
 * The shared servers of a test run (one Postgres, one Redis, one RabbitMQ),
 * started in parallel: RabbitMQ's ≈ 7 s boot hides the other two entirely.
 * Used by the vitest global setup and meant for a Playwright global setup too.
 */
import { assertTestDepsInstalled } from "./install-check";
import { startPostgres, type PostgresServer } from "./postgres";
import { startRabbit, type RabbitServer } from "./rabbit";
import { startRedis, type RedisServer } from "./redis";

export interface TestServers {
  readonly postgres: PostgresServer;
  readonly redis: RedisServer;
  readonly rabbit: RabbitServer;
  dispose(): Promise<void>;
}

export interface StartServersOptions {
  /** Where the one-line-per-server proof goes (CI logs); default stdout. */
  readonly log?: (line: string) => void;
  /** Also require nginx, openssl, curl and Chromium (Playwright runs). */
  readonly e2e?: boolean;
}

async function timed<T>(start: () => Promise<T>): Promise<{ server: T; ms: number }> {
  const t0 = performance.now();
  const server = await start();
  return { server, ms: Math.round(performance.now() - t0) };
}

export async function startServers({ log = (line) => console.log(line), e2e = false }: StartServersOptions = {}): Promise<TestServers> {
  assertTestDepsInstalled({ e2e });
  const [pg, redis, rabbit] = await Promise.allSettled([
    timed(() => startPostgres()),
    timed(() => startRedis()),
    timed(() => startRabbit()),
  ]);

  if (pg.status === "rejected" || redis.status === "rejected" || rabbit.status === "rejected") {
    // Do not leave the ones that did start running while we report the failure.
    const started = [pg, redis, rabbit].flatMap((r) => (r.status === "fulfilled" ? [r.value.server] : []));
    await Promise.allSettled(started.map((server) => server.dispose()));
    const reasons = [pg, redis, rabbit].flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    throw new Error(`rig: could not start the test servers:\n${reasons.join("\n\n")}`);
  }

  const postgres = pg.value.server;
  const version = /\d+(\.\d+)?/.exec(postgres.version)?.[0] ?? "?";
  log(`rig: postgres ${version} on 127.0.0.1:${postgres.port} (pid ${postgres.pid}) in ${pg.value.ms} ms`);
  log(`rig: redis on 127.0.0.1:${redis.value.server.port} (pid ${redis.value.server.pid}) in ${redis.value.ms} ms`);
  const r = rabbit.value.server;
  log(
    `rig: rabbitmq on 127.0.0.1:${r.port}, management :${r.managementPort} (pid ${r.pid}) in ${rabbit.value.ms} ms`,
  );

  return {
    postgres,
    redis: redis.value.server,
    rabbit: r,
    dispose: async () => {
      const t0 = performance.now();
      const results = await Promise.allSettled([postgres.dispose(), redis.value.server.dispose(), r.dispose()]);
      log(`rig: servers stopped in ${Math.round(performance.now() - t0)} ms`);
      const failed = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
      if (failed.length > 0) throw new Error(`rig: stopping servers failed:\n${failed.join("\n")}`);
    },
  };
}
