import path from "node:path";
import { ConfigError } from "@/lib/config/config-error";
import { loadSettings } from "@/lib/config/settings";
import { assertDatabaseReachable, maskPassword } from "@/worker/launcher/database-check";
import { embeddedDatabaseUrl } from "@/worker/launcher/embedded-postgres-url";
import { UsageError } from "./args";
import { CommandError } from "./command-error";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/**
 * The database a maintenance command (`bloom users`, `bloom migrate`) works on: DATABASE_URL
 * when set; otherwise the embedded PostgreSQL a running `npm start` keeps on
 * 127.0.0.1:BLOOM_EMBEDDED_PG_PORT. Only a reachable database is returned, and the message
 * says which one could not be reached and what to do.
 */
export async function resolveCommandDatabase(command: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  let settings;
  try {
    settings = loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`bloom ${command}: configuration error: ${error.message}`);
    throw error;
  }
  if (settings.databaseUrl) {
    try {
      await assertDatabaseReachable(settings.databaseUrl);
    } catch (error) {
      if (error instanceof ConfigError) throw new CommandError(`bloom ${command}: ${error.message}`, 1);
      throw error;
    }
    return settings.databaseUrl;
  }
  const url = embeddedDatabaseUrl(settings.embeddedPostgresPort);
  try {
    await assertDatabaseReachable(url);
  } catch {
    const dataDir = path.resolve(projectRoot, settings.dataDir, "pgdata");
    throw new CommandError(
      `bloom ${command}: DATABASE_URL is unset and Bloom's embedded PostgreSQL is not running ` +
        `(${maskPassword(url)}, data in ${dataDir}). Start Bloom first (\`npm start\` runs it), ` +
        `or set DATABASE_URL to Bloom's database.`,
      1,
    );
  }
  return url;
}
