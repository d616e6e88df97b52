/**
 * One measurement session: a fresh migrated database, a fresh ingest worker process on it,
 * the generator child publishing to the broker, and the lag sampler watching the table.
 * Each phase (rate steps, memory) gets its own session so its row counts and RSS start at zero.
 */
import { Database } from "./database";
import { GeneratorClient } from "./generator-client";
import { startIngestProcess, type IngestProcess } from "./ingest-process";
import { LagSampler } from "./lag-sampler";
import type { IngestBenchOptions } from "./options";
import { CpuMeter, type Measured } from "./proc-stats";
import type { RunCommand, RunDone } from "./protocol";
import type { BrokerKind } from "./publishers";

export type BrokerTarget = { kind: BrokerKind; url: string; pid: number };

export type SessionContext = {
  adminUrl: string;
  postgresPid: number;
  options: IngestBenchOptions;
  profileDir: string | undefined;
  log: (line: string) => void;
};

export type Drained = { persisted: number; seconds: number; complete: boolean };

const DRAIN_POLL_MS = 250;

export class Session {
  /** tasks the generator has published in this session */
  published = 0;

  private constructor(
    readonly db: Database,
    readonly ingest: IngestProcess,
    readonly generator: GeneratorClient,
    readonly sampler: LagSampler,
    readonly cpu: CpuMeter,
    private readonly context: SessionContext,
  ) {}

  static async open(context: SessionContext, broker: BrokerTarget, name: string): Promise<Session> {
    const { options } = context;
    const db = await Database.create(context.adminUrl, name);
    let ingest: IngestProcess | undefined;
    try {
      ingest = await startIngestProcess(db, { databaseUrl: db.url, brokerUrl: broker.url, ...(context.profileDir ? { cpuProfileDir: context.profileDir } : {}) });
      const generator = await GeneratorClient.start({ broker: broker.kind, url: broker.url, workers: options.workers, probeEvery: options.probeEvery, tickMs: 100 });
      const sampler = new LagSampler(db, (index) => generator.progress(index));
      generator.onTick((tick) => {
        if (tick.label !== null && tick.probes.length > 0) sampler.add(tick.label, tick.probes);
      });
      sampler.start();
      const runningIngest = ingest;
      const processes = (): Record<string, Measured> => ({
        ingest: { pid: runningIngest.pid, withChildren: false },
        postgres: { pid: context.postgresPid, withChildren: true },
        broker: { pid: broker.pid, withChildren: true },
        generator: { pid: generator.pid, withChildren: false },
        bench: { pid: process.pid, withChildren: false },
      });
      return new Session(db, runningIngest, generator, sampler, new CpuMeter(processes), context);
    } catch (error) {
      await ingest?.stop().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  async publish(command: Omit<RunCommand, "type">): Promise<RunDone> {
    const done = await this.generator.run(command);
    this.published += done.tasks;
    return done;
  }

  /**
   * Waits until every published task is persisted, or until nothing more arrives for
   * --drain-stall seconds (what is missing then is lost).
   */
  async drain(): Promise<Drained> {
    const started = performance.now();
    let persisted = await this.db.countSucceeded();
    let lastProgress = performance.now();
    const stallMs = this.context.options.drainStallSeconds * 1000;
    while (persisted < this.published && performance.now() - lastProgress < stallMs) {
      await sleep(DRAIN_POLL_MS);
      const now = await this.db.countSucceeded();
      if (now > persisted) lastProgress = performance.now();
      persisted = now;
    }
    const complete = persisted >= this.published;
    // The sampler polls every 50 ms: let it see the probes the last commit made visible.
    if (complete) await sleep(150);
    return { persisted, seconds: (performance.now() - started) / 1000, complete };
  }

  async close(): Promise<void> {
    // Generator first: nothing may be published once its consumer is gone.
    await this.generator.stop().catch((error: unknown) => this.context.log(`generator stop: ${String(error)}`));
    await this.sampler.stop();
    await this.ingest.stop().catch((error: unknown) => this.context.log(`ingest stop: ${String(error)}`));
    await this.db.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
