/**
 * The memory phase: a fresh ingest worker takes --rss-tasks tasks as fast as it can persist
 * them (the generator runs at most --window tasks ahead of what is committed), and its RSS
 * is read at 100k, 200k, 500k and 1M tasks.
 *
 * At each checkpoint the generator pauses, the backlog drains and the worker idles for two
 * seconds before VmRSS is read: the figure is then what the worker *keeps* after N tasks
 * (the thing that grows without bound in Flower), not the transient backlog it holds while
 * behind. VmHWM, the peak RSS so far, is reported next to it and includes those backlogs.
 */
import { QUIET_PERCENT, waitForQuiet } from "./proc-stats";
import { Session, sleep, type BrokerTarget, type SessionContext } from "./session";
import { distribution, round, roundDistribution, type Distribution } from "./stats";

export const RSS_CHECKPOINTS = [100_000, 200_000, 500_000, 1_000_000] as const;

export type RssCheckpoint = {
  tasks: number;
  persisted: number;
  rssMiB: number | null;
  peakRssMiB: number | null;
  /** tasks/s of this segment: its tasks ÷ (publish start → last one persisted) */
  segmentTasksPerSec: number;
  cpuPercent: Record<string, number>;
};

export type RssPhaseResult = {
  idleRssMiB: number | null;
  checkpoints: RssCheckpoint[];
  published: number;
  persisted: number;
  lost: number;
  /** all tasks ÷ the phase's wall time (closed loop: the ingest's sustained capacity, drains included) */
  overallTasksPerSec: number;
  lagMs: Distribution;
};

export function rssCheckpoints(total: number): number[] {
  const points: number[] = RSS_CHECKPOINTS.filter((point) => point < total);
  return [...points, total];
}

export async function runRssPhase(context: SessionContext, broker: BrokerTarget): Promise<RssPhaseResult> {
  const { options, log } = context;
  const session = await Session.open(context, broker, `bench_${broker.kind}_rss`);
  try {
    await sleep(2_000);
    const idle = session.ingest.memory();
    log(`${broker.kind} memory phase: idle ingest RSS ${idle ? round(idle.rssMiB, 1) : "n/a"} MiB`);
    const checkpoints: RssCheckpoint[] = [];
    const phaseStart = performance.now();
    let activeMs = 0;
    let persisted = 0;
    for (const target of rssCheckpoints(options.rssTasks)) {
      if (options.waitQuietSeconds > 0) await waitForQuiet(options.waitQuietSeconds, QUIET_PERCENT, log);
      const segmentStart = performance.now();
      session.cpu.begin();
      const done = await session.publish({ label: "rss", rate: options.rssRate, tasks: target - session.published, windowTasks: options.windowTasks });
      const drained = await session.drain();
      const cpuPercent = session.cpu.end();
      const segmentMs = performance.now() - segmentStart;
      activeMs += segmentMs;
      persisted = drained.persisted;
      await sleep(2_000);
      const memory = session.ingest.memory();
      const checkpoint: RssCheckpoint = {
        tasks: target,
        persisted,
        rssMiB: memory ? round(memory.rssMiB, 1) : null,
        peakRssMiB: memory ? round(memory.peakRssMiB, 1) : null,
        segmentTasksPerSec: round((done.tasks * 1000) / segmentMs),
        cpuPercent,
      };
      checkpoints.push(checkpoint);
      log(
        `${broker.kind} memory phase: ${target.toLocaleString("en-US")} tasks, ${persisted.toLocaleString("en-US")} persisted, ` +
          `RSS ${checkpoint.rssMiB} MiB (peak ${checkpoint.peakRssMiB} MiB), ${checkpoint.segmentTasksPerSec} tasks/s in this segment`,
      );
      if (!drained.complete) log(`${broker.kind} memory phase: drain stalled with ${session.published - persisted} tasks missing`);
    }
    session.sampler.abandon("rss");
    log(`${broker.kind} memory phase: ${round((performance.now() - phaseStart) / 1000)} s in all`);
    return {
      idleRssMiB: idle ? round(idle.rssMiB, 1) : null,
      checkpoints,
      published: session.published,
      persisted,
      lost: session.published - persisted,
      // The 2 s idle pauses before each RSS reading are not the ingest's time: leave them out.
      overallTasksPerSec: round((session.published * 1000) / activeMs),
      lagMs: roundDistribution(distribution(session.sampler.samplesFor("rss").map((s) => s.lagMs))),
    };
  } finally {
    await session.close();
  }
}
