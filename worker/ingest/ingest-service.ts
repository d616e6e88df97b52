import type { Logger } from "pino";
import { maskBrokerUrl } from "@/lib/celery/broker-url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEventSource, type EventSource, type EventSourceOptions } from "../sources/event-source";
import { startMaintenance, type MaintenanceSettings } from "../maintenance/maintenance";
import { HealthReporter } from "./health-reporter";
import { ResultBackendReconciler } from "./result-backend-reconciler";
import { DEFAULT_INSPECTOR_OPTIONS, WorkerInspector, type WorkerInspectorOptions } from "./worker-inspector";
import { DEFAULT_PIPELINE_OPTIONS, IngestPipeline, type PipelineOptions } from "./pipeline";

export type IngestServiceOptions = {
  prisma: PrismaClient;
  brokerUrl: string;
  instanceId: string;
  log: Logger;
  /** an already running reporter (the process reports as standby before it leads) */
  reporter?: HealthReporter;
  source?: EventSourceOptions;
  pipeline?: Partial<PipelineOptions>;
  healthIntervalMs?: number;
  /** CELERY_RESULT_BACKEND: where to look up what Bloom missed (Redis backends) */
  resultBackendUrl?: string;
  /** on start with an empty task table, import finished tasks from the result backend */
  importResults?: boolean;
  /** worker sweeper, retention purge, queue-depth sampler; omitted = not run */
  maintenance?: MaintenanceSettings;
  /** poll workers over remote control (inspect, enable_events); off in some tests */
  inspector?: Partial<WorkerInspectorOptions> | false;
};

export type RunningIngest = {
  source: EventSource;
  reporter: HealthReporter;
  pipeline: IngestPipeline;
  inspector: WorkerInspector | null;
  stop: () => Promise<void>;
};

/** Wires broker source → pipeline → Postgres, with health reporting. Used by main.ts and tests. */
export async function startIngest(options: IngestServiceOptions): Promise<RunningIngest> {
  const { prisma, brokerUrl, log } = options;
  const source = createEventSource(brokerUrl, { logger: log, ...options.source });
  const reporter = options.reporter ?? new HealthReporter(prisma, { instanceId: options.instanceId, brokerUrl: maskBrokerUrl(brokerUrl) }, log, options.healthIntervalMs);
  reporter.setRole("active");
  const reconciler = options.resultBackendUrl ? new ResultBackendReconciler(prisma, options.resultBackendUrl, log) : null;
  let reconciling: Promise<unknown> = Promise.resolve();
  const reconcile = (importSince: number | null, delayMs: number) => {
    // Queued one after another; a failure (backend down) is logged and retried next time.
    reconciling = reconciling.then(() =>
      sleep(delayMs).then(() => reconciler?.run(importSince).catch((error: unknown) => log.warn({ err: String(error) }, "result backend reconcile failed"))),
    );
  };
  let disconnectedSince: number | null = null;
  const unsubscribe = source.onStatus((status) => {
    reporter.setBroker(status.state, status.error ?? null);
    if (status.state === "disconnected" && disconnectedSince === null) disconnectedSince = status.since;
    if (status.state === "connected" && disconnectedSince !== null && source.transport === "redis") {
      // Pub/sub delivered nothing while we were away: after in-flight events settle, look up
      // the outcome of what we think is unfinished and of what finished unseen meanwhile.
      reconcile((disconnectedSince - 5_000) / 1000, 5_000);
      disconnectedSince = null;
    }
    if (status.state === "connected") log.info({ broker: maskBrokerUrl(brokerUrl) }, "broker connected");
    else if (status.state === "disconnected") log.warn({ error: status.error, attempt: status.attempt }, "broker unavailable; retrying with backoff");
  });
  reporter.setBroker(source.status().state, source.status().error ?? null);
  if (!options.reporter) reporter.start();
  const pipeline = new IngestPipeline(prisma, source, reporter, log, { ...DEFAULT_PIPELINE_OPTIONS, ...options.pipeline });
  pipeline.start();
  const inspector = options.inspector === false ? null : new WorkerInspector(prisma, brokerUrl, log, { ...DEFAULT_INSPECTOR_OPTIONS, ...options.inspector });
  await source.start(pipeline.accept);
  inspector?.start();
  // Only the process holding the ingest lock gets here, so maintenance runs once per cluster.
  const maintenance = options.maintenance ? startMaintenance({ prisma, brokerUrl, log, ...options.maintenance }) : undefined;
  if (reconciler) {
    const empty = options.importResults === true && (await prisma.task.count({ take: 1 })) === 0;
    reconcile(empty ? 0 : null, 0);
  }
  return {
    source,
    reporter,
    pipeline,
    inspector,
    stop: async () => {
      // Stop taking new messages, write what is buffered (acking it), then report and close.
      await maintenance?.stop();
      await inspector?.stop();
      await source.stop();
      await pipeline.drainAndStop();
      unsubscribe();
      await reconciling;
      if (!options.reporter) await reporter.stop();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
