/**
 * The benchmark's handle on its generator child: fork, typed IPC, clean stop. The child is
 * registered with the rig's process registry, so a crashed benchmark cannot leave it publishing.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { track, type Tracked } from "@/e2e/rig";
import type { FromGenerator, GeneratorConfig, RunCommand, RunDone, TickReport, ToGenerator } from "./protocol";

const CHILD = fileURLToPath(new URL("./generator-process.ts", import.meta.url));

export class GeneratorClient {
  private readonly tickListeners = new Set<(tick: TickReport) => void>();
  private pendingRun: { resolve: (done: RunDone) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly tracked: Tracked,
    private readonly exited: Promise<void>,
  ) {
    child.on("message", (message: FromGenerator) => this.receive(message));
    void exited.then(() => this.fail(new Error("the generator process exited")));
  }

  static async start(config: GeneratorConfig): Promise<GeneratorClient> {
    // tsx runs the TypeScript child the same way it runs the benchmark (and the ingest).
    const child = fork(CHILD, [JSON.stringify(config)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const pid = child.pid;
    if (pid === undefined) throw new Error("could not fork the generator");
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const tracked = track({ name: "bench-generator", pid, stop: async () => void child.kill("SIGKILL") });
    const ready = new Promise<void>((resolve, reject) => {
      child.on("message", (message: FromGenerator) => {
        if (message.type === "ready") resolve();
        if (message.type === "error") reject(new Error(`generator: ${message.message}`));
      });
      void exited.then(() => reject(new Error("the generator exited before it was ready")));
    });
    await ready;
    return new GeneratorClient(child, tracked, exited);
  }

  get pid(): number {
    return this.tracked.pid;
  }

  onTick(listener: (tick: TickReport) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  /** Starts a run and resolves with its totals when the generator reports it done. */
  run(command: Omit<RunCommand, "type">): Promise<RunDone> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pendingRun) return Promise.reject(new Error("a generator run is already in progress"));
    const done = new Promise<RunDone>((resolve, reject) => (this.pendingRun = { resolve, reject }));
    this.send({ type: "run", ...command });
    return done;
  }

  progress(persistedIndex: number): void {
    if (!this.failure) this.send({ type: "progress", persistedIndex });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.connected) this.send({ type: "stop" });
    const gone = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
    if (!gone) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
    this.tracked.untrack();
  }

  private send(message: ToGenerator): void {
    this.child.send(message);
  }

  private receive(message: FromGenerator): void {
    if (message.type === "tick") for (const listener of this.tickListeners) listener(message);
    else if (message.type === "done") {
      const pending = this.pendingRun;
      this.pendingRun = undefined;
      pending?.resolve(message);
    } else if (message.type === "error") this.fail(new Error(`generator: ${message.message}`));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pendingRun;
    this.pendingRun = undefined;
    pending?.reject(error);
  }
}
