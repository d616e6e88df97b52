import fs from "node:fs";
import path from "node:path";
import dotenv from "dotenv";

/**
 * Reads the project's `.env` into `env`, never overriding what is already set: the process
 * environment (systemd's EnvironmentFile, compose's env_file, a shell's export) wins, as it
 * does for Next.js's own .env loading. Every Bloom entry point calls this first — the start
 * command, the web and ingest processes started directly, the build — so a setting in `.env`
 * means the same to all of them, not only to the web process that Next would load it for.
 * Returns the names it set.
 */
export function loadDotEnvFile(projectRoot: string, env: Record<string, string | undefined> = process.env): string[] {
  try {
    return loadEnvFile(path.join(projectRoot, ".env"), env);
  } catch {
    return []; // no .env: everything comes from the environment
  }
}

/** The same for a file named on purpose (`npm run build -- --env-file /etc/bloom/bloom.env`): a missing one is an error. */
export function loadEnvFile(file: string, env: Record<string, string | undefined> = process.env): string[] {
  const text = fs.readFileSync(file, "utf8");
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(dotenv.parse(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}
