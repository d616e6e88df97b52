import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";
import { ConfigError } from "@/lib/config/config-error";

export type EmbeddedPostgresProcess = { url: string; stop: () => Promise<void> };

const projectRoot = path.resolve(import.meta.dirname, "../..");
const reply = z.union([z.object({ url: z.string() }), z.object({ error: z.string(), setting: z.string().optional() })]);

/** Starts embedded-postgres-runner.ts detached (see there why) and waits for its URL. */
export function startEmbeddedPostgresProcess(dataDir: string, port: number): Promise<EmbeddedPostgresProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "embedded-postgres-runner.ts"), dataDir, String(port)], {
    cwd: projectRoot,
    detached: true,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      let parsed: z.infer<typeof reply>;
      try {
        parsed = reply.parse(JSON.parse(line));
      } catch {
        return reject(new Error(`embedded PostgreSQL said something unexpected: ${line}`));
      }
      if ("url" in parsed) return resolve({ url: parsed.url, stop });
      reject(parsed.setting ? new ConfigError(parsed.setting, parsed.error) : new Error(parsed.error));
    });
    child.once("exit", (code) => reject(new Error(`embedded PostgreSQL exited during start-up (code ${code})`)));
  });
}
