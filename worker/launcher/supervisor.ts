import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import type { Logger } from "pino";

export type ChildSpec = { name: string; command: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string };

type Supervised = { spec: ChildSpec; child: ChildProcess; exited: Promise<number | null> };

/**
 * Runs Bloom's processes (web, ingest) side by side, relays their output line by line under
 * their name, and stops them together: when one dies unexpectedly, or on SIGINT/SIGTERM, the
 * others get SIGTERM and, after a grace period, SIGKILL.
 */
export class Supervisor {
  private readonly running: Supervised[] = [];
  private stopping = false;

  constructor(
    private readonly log: Logger,
    /** called once when a child exits on its own; the caller shuts everything down */
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly graceMs = 10_000,
  ) {}

  start(spec: ChildSpec): void {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
    relayLines(child.stdout, (line) => process.stdout.write(`${spec.name.padEnd(6)}| ${line}\n`));
    relayLines(child.stderr, (line) => process.stderr.write(`${spec.name.padEnd(6)}| ${line}\n`));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    this.running.push({ spec, child, exited });
    this.log.info({ process: spec.name, pid: child.pid }, "started");
    void exited.then((code) => {
      if (this.stopping) return;
      this.log.error({ process: spec.name, code }, "exited unexpectedly; stopping Bloom");
      this.onUnexpectedExit(spec.name, code);
    });
  }

  /** Resolves once every child has exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const { child } of this.running) if (child.exitCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => {
      for (const { spec, child } of this.running) {
        if (child.exitCode === null && child.signalCode === null) {
          this.log.warn({ process: spec.name }, "did not stop in time; killing");
          child.kill("SIGKILL");
        }
      }
    }, this.graceMs);
    await Promise.all(this.running.map((entry) => entry.exited));
    clearTimeout(timer);
  }
}

function relayLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", write);
}
