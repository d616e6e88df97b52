import type { Logger } from "pino";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listOnlineWorkerNames, saveInspections, type InspectionKind } from "@/lib/repositories/worker-inspections";
import { createControlChannel, type ControlChannel } from "@/lib/control/control-channel";

const INSPECTIONS: readonly (readonly [string, InspectionKind])[] = [
  ["stats", "stats"],
  ["registered", "registered"],
  ["active_queues", "activeQueues"],
  ["conf", "conf"],
];

export type WorkerInspectorOptions = {
  /** how often to refresh stats/registered/active_queues/conf */
  inspectIntervalMs: number;
  /** broadcast enable_events this often (Flower's --enable_events); null = never */
  enableEventsIntervalMs: number | null;
  timeoutMs: number;
};

export const DEFAULT_INSPECTOR_OPTIONS: WorkerInspectorOptions = { inspectIntervalMs: 30_000, enableEventsIntervalMs: 10_000, timeoutMs: 2_000 };

/**
 * Polls the workers over the broker's remote-control channel: asks them to send events
 * (for workers started without -E) and stores their inspect replies. Broker trouble is
 * logged and retried on the next tick; it never stops ingest.
 */
export class WorkerInspector {
  private readonly control: ControlChannel;
  private timers: NodeJS.Timeout[] = [];
  private inspecting: Promise<void> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    brokerUrl: string,
    private readonly log: Logger,
    private readonly options: WorkerInspectorOptions = DEFAULT_INSPECTOR_OPTIONS,
  ) {
    this.control = createControlChannel(brokerUrl, { logger: log });
  }

  start(): void {
    this.timers.push(setInterval(() => void this.inspectNow(), this.options.inspectIntervalMs));
    if (this.options.enableEventsIntervalMs !== null) {
      this.timers.push(setInterval(() => void this.enableEvents(), this.options.enableEventsIntervalMs));
      void this.enableEvents();
    }
    void this.inspectNow();
  }

  /** Refreshes every stored inspection now (also called when a new worker comes online). */
  inspectNow(): Promise<void> {
    this.inspecting ??= this.inspectAll().finally(() => (this.inspecting = null));
    return this.inspecting;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.inspecting;
    await this.control.close();
  }

  private async enableEvents(): Promise<void> {
    try {
      // fire-and-forget, like Flower: workers with events on simply say so
      await this.control.broadcast("enable_events", {}, { timeoutMs: 1_000, expectedReplies: 0 });
    } catch (error) {
      this.log.debug({ err: String(error) }, "enable_events broadcast failed");
    }
  }

  private async inspectAll(): Promise<void> {
    let online: string[];
    try {
      online = await listOnlineWorkerNames(this.prisma);
    } catch {
      return; // database down: the next tick tries again
    }
    if (online.length === 0) return;
    for (const [method, kind] of INSPECTIONS) {
      try {
        const result = await this.control.broadcast(method, {}, { destination: online, timeoutMs: this.options.timeoutMs });
        await saveInspections(this.prisma, kind, result.replies, new Date());
      } catch (error) {
        this.log.debug({ err: String(error), method }, "inspect failed; will retry");
      }
    }
  }
}
