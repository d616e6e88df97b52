/**
 * End-to-end lag by sampling. Every Nth generated task is a probe: the generator reports the
 * timestamp it put into the task's `task-succeeded` event (taken right before publishing).
 * This sampler polls the tasks table for pending probes every `intervalMs`; the first poll
 * that sees a probe in SUCCESS fixes its commit time.
 *
 * Why it is honest: a row a query sees was committed before the query's snapshot, which is
 * taken after we note `sentAt`; so `sentAt − publishedAt` is an upper bound of the real
 * lag, at most one poll interval (plus a query) too high. `updated_at` is recorded as well
 * but is only a lower bound: it is `now()`, the *start* of the ingest's transaction.
 */
import type { Probe } from "./fleet";
import type { Database } from "./database";

export type LagSample = { lagMs: number; txStartLagMs: number };

type PendingProbe = Probe & { label: string };

/**
 * Only the oldest pending probes are asked about: batches commit in order, so they are the
 * next to arrive. Kept small because the poll runs on the measured Postgres: asking about 500
 * uuids every 50 ms during a backlog cost PostgreSQL ~25 % of a core and by itself halved the
 * persisted rate at 5,000 tasks/s (2,781/s with 20× fewer probes vs 1,652/s). One 2,000-event
 * batch holds about 10 probes, so 40 per poll still finds each within one poll of its commit.
 */
const MAX_PROBES_PER_POLL = 40;

export class LagSampler {
  private pending: PendingProbe[] = [];
  private readonly samples = new Map<string, LagSample[]>();
  private highestIndex = -1;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    /** called with the highest probe index seen persisted: the generator's closed-loop window */
    private readonly onProgress: (index: number) => void,
    private readonly intervalMs = 50,
  ) {}

  add(label: string, probes: readonly Probe[]): void {
    for (const probe of probes) this.pending.push({ ...probe, label });
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  samplesFor(label: string): LagSample[] {
    return this.samples.get(label) ?? [];
  }

  /** Gives up on a label's probes that never arrived (lost events); returns how many. */
  abandon(label: string): number {
    const before = this.pending.length;
    this.pending = this.pending.filter((probe) => probe.label !== label);
    return before - this.pending.length;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      if (this.pending.length > 0) await this.poll();
      const wait = this.intervalMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async poll(): Promise<void> {
    const asked = this.pending.slice(0, MAX_PROBES_PER_POLL);
    const sentAt = Date.now();
    const found = await this.db.findSucceeded(asked.map((probe) => probe.uuid));
    if (found.size === 0) return;
    for (const probe of asked) {
      const updatedAt = found.get(probe.uuid);
      if (updatedAt === undefined) continue;
      let list = this.samples.get(probe.label);
      if (!list) this.samples.set(probe.label, (list = []));
      list.push({ lagMs: sentAt - probe.publishedAt * 1000, txStartLagMs: (updatedAt - probe.publishedAt) * 1000 });
      this.highestIndex = Math.max(this.highestIndex, probe.index);
    }
    this.pending = this.pending.filter((probe) => !found.has(probe.uuid));
    this.onProgress(this.highestIndex);
  }
}
