/**
 * The rate steps: offered load rises step by step on one ingest worker; each step publishes
 * for --seconds at a fixed rate, then waits until everything is persisted (the drain), so
 * every step starts with no backlog and its figures are its own.
 */
import type { LagSample } from "./lag-sampler";
import { QUIET_PERCENT, waitForQuiet } from "./proc-stats";
import { Session, sleep, type BrokerTarget, type SessionContext } from "./session";
import { distribution, round, roundDistribution, type Distribution } from "./stats";

export type StepResult = {
  offeredTasksPerSec: number;
  seconds: number;
  published: { tasks: number; events: number; messages: number; tasksPerSec: number };
  /** steady-state tasks persisted per second while the step published (slope of the SUCCESS count) */
  persistedTasksPerSec: number;
  /** how long after the step ended until the last of its tasks was persisted */
  drainSeconds: number;
  /** tasks persisted after the drain, out of those published in the step */
  persisted: number;
  lost: number;
  /** upper bound of event published → row committed (see lag-sampler.ts), ms */
  lagMs: Distribution;
  /** lower bound: updated_at (transaction start) − published, ms */
  txStartLagMs: Distribution;
  probesLost: number;
  /** events the ingest counted as dropped (Redis, buffer full) during the step */
  droppedByIngest: number;
  /** CPU while publishing, % of one core (the machine has 2 × 100 %) */
  cpuPercent: Record<string, number>;
  ingestRssMiB: number | null;
};

export type StepsPhaseResult = { steps: StepResult[]; ingestRssAfterMiB: number | null; ingestPeakRssMiB: number | null };

export async function runStepsPhase(context: SessionContext, broker: BrokerTarget): Promise<StepsPhaseResult> {
  const { options, log } = context;
  const session = await Session.open(context, broker, `bench_${broker.kind}_steps`);
  const steps: StepResult[] = [];
  try {
    if (options.warmupSeconds > 0) {
      // The first seconds of a fresh worker are JIT compilation, connection set-up and the
      // first index pages; none of that is steady-state ingest, so it is not a step.
      const rate = Math.min(options.rates[0] ?? 1_000, 1_000);
      await session.publish({ label: "warmup", rate, seconds: options.warmupSeconds });
      await session.drain();
      session.sampler.abandon("warmup");
      log(`${broker.kind}: warmed up with ${options.warmupSeconds} s at ${rate} tasks/s`);
    }
    for (const rate of options.rates) {
      const label = `step-${rate}`;
      if (options.waitQuietSeconds > 0) await waitForQuiet(options.waitQuietSeconds, QUIET_PERCENT, log);
      const before = await session.db.countSucceeded();
      const droppedBefore = (await session.db.health(session.ingest.pid))?.dropped ?? 0;
      session.cpu.begin();
      const running = session.publish({ label, rate, seconds: options.secondsPerStep });
      // Throughput is the slope of the SUCCESS count from 20 % into the step to its end: both
      // counts trail publishing by the same lag, so the lag cancels out (counting from the
      // step's start would charge one lag's worth of tasks against the ingest).
      await sleep(Math.max(1_000, options.secondsPerStep * 200));
      const mid = { at: performance.now(), count: await session.db.countSucceeded() };
      const done = await running;
      const end = { at: performance.now(), count: await session.db.countSucceeded() };
      const cpuPercent = session.cpu.end();
      const ingestRssMiB = session.ingest.memory()?.rssMiB ?? null;
      const drained = await session.drain();
      const probesLost = session.sampler.abandon(label);
      const droppedAfter = (await session.db.health(session.ingest.pid))?.dropped ?? droppedBefore;

      const seconds = (done.endedAt - done.startedAt) / 1000;
      const persisted = drained.persisted - before;
      const samples: LagSample[] = session.sampler.samplesFor(label);
      const step: StepResult = {
        offeredTasksPerSec: rate,
        seconds: round(seconds, 2),
        published: { tasks: done.tasks, events: done.events, messages: done.messages, tasksPerSec: round(done.tasks / seconds) },
        persistedTasksPerSec: round(((end.count - mid.count) * 1000) / (end.at - mid.at)),
        drainSeconds: round(drained.seconds, 2),
        persisted,
        lost: done.tasks - persisted,
        lagMs: roundDistribution(distribution(samples.map((s) => s.lagMs))),
        txStartLagMs: roundDistribution(distribution(samples.map((s) => s.txStartLagMs))),
        probesLost,
        droppedByIngest: droppedAfter - droppedBefore,
        cpuPercent,
        ingestRssMiB: ingestRssMiB === null ? null : round(ingestRssMiB, 1),
      };
      steps.push(step);
      log(
        `${broker.kind} ${rate} tasks/s: published ${step.published.tasksPerSec}/s, persisted ${step.persistedTasksPerSec}/s, ` +
          `lag p50 ${fmtMs(step.lagMs.p50)} p95 ${fmtMs(step.lagMs.p95)}, drain ${step.drainSeconds} s, lost ${step.lost}, ` +
          `cpu ${Object.entries(cpuPercent).map(([name, pct]) => `${name} ${pct}%`).join(" ")}`,
      );
    }
    const memory = session.ingest.memory();
    return { steps, ingestRssAfterMiB: memory ? round(memory.rssMiB, 1) : null, ingestPeakRssMiB: memory ? round(memory.peakRssMiB, 1) : null };
  } finally {
    await session.close();
  }
}

function fmtMs(ms: number | null): string {
  return ms === null ? "n/a" : `${ms} ms`;
}
