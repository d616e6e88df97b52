import pg from "pg";
import { ConfigError } from "@/lib/config/config-error";

/** Fails fast, naming DATABASE_URL, when the configured database cannot be reached. */
export async function assertDatabaseReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError("DATABASE_URL", `cannot connect to ${maskPassword(databaseUrl)}: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "<unparseable URL>";
  }
}
