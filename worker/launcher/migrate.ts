import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Logger } from "pino";
import { withMigrationLock, type MigrationLockOptions } from "./migration-lock";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Applies committed migrations (`prisma migrate deploy`) under Bloom's migration lock, so
 * several replicas (or `bloom migrate` and `npm start`) starting at once apply them once,
 * one after the other. The Prisma CLI normally needs a native schema engine it downloads
 * at install time; prisma.config.ts points it at our wasm shim
 * (scripts/schema-engine-wasm.mjs), so this works offline.
 */
export async function applyMigrations(databaseUrl: string, log: Logger, lock: MigrationLockOptions = {}): Promise<string> {
  return withMigrationLock(
    databaseUrl,
    log,
    async () => {
      const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
      const started = Date.now();
      const output = await run(process.execPath, [prismaCli, "migrate", "deploy"], {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      });
      // The CLI's last line says what happened ("No pending migrations to apply." or
      // "All migrations have been successfully applied.").
      const outcome = output.trim().split("\n").at(-1)?.trim() ?? "";
      log.info({ ms: Date.now() - started, outcome }, "database migrations up to date");
      return outcome;
    },
    lock,
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}
