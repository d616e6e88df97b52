/**
 * The generator child process (forked by generator-client.ts). Every tick it publishes what a
 * token bucket allows plus the workers' heartbeats (once a second, also between runs, as
 * live workers do), and reports counts and lag probes to the parent.
 */
import { Fleet, type Produced } from "./fleet";
import type { FromGenerator, GeneratorConfig, RunCommand, ToGenerator } from "./protocol";
import { openPublisher, type Publisher } from "./publishers";

const HEARTBEAT_MS = 1_000;
/** Tokens never pile up beyond one second of traffic: a long stall is reported, not replayed as a burst. */
const MAX_BURST_SECONDS = 1;

function send(message: FromGenerator): void {
  process.send?.(message);
}

/** Epoch seconds with sub-millisecond precision (Python's time.time()), monotonic within the run. */
function epochClock(): () => number {
  const anchorMs = Date.now();
  const anchorNs = process.hrtime.bigint();
  return () => (anchorMs + Number(process.hrtime.bigint() - anchorNs) / 1e6) / 1000;
}

type ActiveRun = {
  command: RunCommand;
  startedAt: number;
  lastRefill: number;
  tokens: number;
  tasks: number;
  events: number;
  messages: number;
};

class Generator {
  private run: ActiveRun | undefined;
  private persistedIndex = -1;
  private lastHeartbeat = 0;
  private stopping = false;

  constructor(
    private readonly config: GeneratorConfig,
    private readonly fleet: Fleet,
    private readonly publisher: Publisher,
  ) {}

  handle(message: ToGenerator): void {
    if (message.type === "run") {
      const now = performance.now();
      this.run = { command: message, startedAt: now, lastRefill: now, tokens: 0, tasks: 0, events: 0, messages: 0 };
    } else if (message.type === "progress") {
      this.persistedIndex = Math.max(this.persistedIndex, message.persistedIndex);
    } else {
      this.stopping = true;
    }
  }

  async loop(): Promise<void> {
    await this.publisher.publish(this.fleet.workerEvents("worker-online").messages);
    const { tickMs } = this.config;
    let next = performance.now();
    while (!this.stopping) {
      await this.tick();
      // Absolute schedule: a slow tick shortens the next wait instead of shifting every later tick.
      next += tickMs;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else next = performance.now();
    }
    await this.publisher.close();
  }

  private async tick(): Promise<void> {
    const now = performance.now();
    const parts: Produced[] = [];
    if (now - this.lastHeartbeat >= HEARTBEAT_MS) {
      this.lastHeartbeat = now;
      parts.push(this.fleet.workerEvents("worker-heartbeat"));
    }
    const run = this.run;
    if (run) parts.push(this.fleet.tasks(this.allowance(run, now)));

    const messages = parts.flatMap((part) => part.messages);
    await this.publisher.publish(messages);

    const tasks = parts.reduce((sum, part) => sum + part.tasks, 0);
    const events = parts.reduce((sum, part) => sum + part.events, 0);
    send({ type: "tick", label: run?.command.label ?? null, tasks, events, messages: messages.length, probes: parts.flatMap((part) => part.probes) });
    if (!run) return;
    run.tasks += tasks;
    run.events += events;
    run.messages += messages.length;
    const { seconds, tasks: limit } = run.command;
    const elapsed = (performance.now() - run.startedAt) / 1000;
    if ((seconds !== undefined && elapsed >= seconds) || (limit !== undefined && run.tasks >= limit)) {
      this.run = undefined;
      const startedAt = performance.timeOrigin + run.startedAt;
      send({ type: "done", label: run.command.label, tasks: run.tasks, events: run.events, messages: run.messages, startedAt, endedAt: Date.now() });
    }
  }

  /** Tasks this tick may publish: token bucket, then the run's task limit, then the window. */
  private allowance(run: ActiveRun, now: number): number {
    const { rate, tasks: limit, windowTasks, seconds } = run.command;
    // The last tick of a timed run only gets the time up to the run's end.
    const until = seconds === undefined ? now : Math.min(now, run.startedAt + seconds * 1000);
    run.tokens = Math.min(run.tokens + (rate * Math.max(0, until - run.lastRefill)) / 1000, rate * MAX_BURST_SECONDS);
    run.lastRefill = until;
    let count = Math.floor(run.tokens);
    if (limit !== undefined) count = Math.min(count, limit - run.tasks);
    if (windowTasks !== undefined) {
      const outstanding = this.fleet.tasksProduced - (this.persistedIndex + 1);
      count = Math.min(count, Math.max(0, windowTasks - outstanding));
    }
    count = Math.max(0, count);
    run.tokens -= count;
    return count;
  }
}

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error("usage: generator-process.ts '<GeneratorConfig JSON>'");
  const config = JSON.parse(raw) as GeneratorConfig;
  const publisher = await openPublisher(config.broker, config.url);
  const generator = new Generator(config, new Fleet({ workers: config.workers, probeEvery: config.probeEvery, now: epochClock() }), publisher);
  process.on("message", (message: ToGenerator) => generator.handle(message));
  // Without its parent nobody reads the figures: stop publishing at once.
  process.on("disconnect", () => process.exit(1));
  send({ type: "ready" });
  await generator.loop();
  process.exit(0);
}

main().catch((error: unknown) => {
  send({ type: "error", message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100);
});
