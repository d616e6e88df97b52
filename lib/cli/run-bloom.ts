import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Starts Bloom exactly as `npm start` does (scripts/start.sh: first-run install, Prisma
 * client, then worker/start.ts) with the environment the CLI resolved, and mirrors its exit.
 * Signals sent to this process alone (a service manager's SIGTERM) are passed on; a
 * terminal's Ctrl-C reaches both already, and the start command stops only once.
 */
export function runBloom(env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [path.join(projectRoot, "scripts/start.sh")], { cwd: projectRoot, env: env as NodeJS.ProcessEnv, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}
