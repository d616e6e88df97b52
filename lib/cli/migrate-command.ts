import type { LevelWithSilent } from "pino";
import { createLogger } from "@/lib/log/logger";
import { applyMigrations } from "@/worker/launcher/migrate";
import { UsageError } from "./args";
import { resolveCommandDatabase } from "./database";

export const MIGRATE_USAGE = `Usage: bloom migrate

Applies Bloom's pending database migrations (prisma migrate deploy) and exits: 0 when the
schema is up to date. Safe to run from several replicas at once: a PostgreSQL advisory lock
makes them take turns, and the later ones find nothing left to do. Run it before starting a
new version (docker-compose's bloom-migrate service and bloom-migrate.service do).
Needs DATABASE_URL, or a running \`npm start\` (its embedded PostgreSQL).
`;

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export async function runMigrate(args: readonly string[], io: { env: Readonly<Record<string, string | undefined>>; stdout: (text: string) => void }): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(MIGRATE_USAGE);
    return 0;
  }
  if (args.length > 0) throw new UsageError(`bloom migrate: unexpected ${JSON.stringify(args[0])}\n\n${MIGRATE_USAGE}`);
  const databaseUrl = await resolveCommandDatabase("migrate", io.env);
  const level = io.env.LOG_LEVEL && LEVELS.has(io.env.LOG_LEVEL) ? (io.env.LOG_LEVEL as LevelWithSilent) : "info";
  // stderr: stdout is left for what a script might parse (nothing, today)
  await applyMigrations(databaseUrl, createLogger("migrate", level, 2));
  return 0;
}
