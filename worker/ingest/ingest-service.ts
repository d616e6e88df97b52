import type { Logger } from "pino";
import { maskBrokerUrl } from "@/lib/celery/broker-url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEventSource, type EventSource, type EventSourceOptions } from "../sources/event-source";
import { HealthReporter } from "./health-reporter";
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
};

export type RunningIngest = { source: EventSource; reporter: HealthReporter; pipeline: IngestPipeline; stop: () => Promise<void> };

/** Wires broker source → pipeline → Postgres, with health reporting. Used by main.ts and tests. */
export async function startIngest(options: IngestServiceOptions): Promise<RunningIngest> {
  const { prisma, brokerUrl, log } = options;
  const source = createEventSource(brokerUrl, { logger: log, ...options.source });
  const reporter = options.reporter ?? new HealthReporter(prisma, { instanceId: options.instanceId, brokerUrl: maskBrokerUrl(brokerUrl) }, log, options.healthIntervalMs);
  reporter.setRole("active");
  const unsubscribe = source.onStatus((status) => {
    reporter.setBroker(status.state, status.error ?? null);
    if (status.state === "connected") log.info({ broker: maskBrokerUrl(brokerUrl) }, "broker connected");
    else if (status.state === "disconnected") log.warn({ error: status.error, attempt: status.attempt }, "broker unavailable; retrying with backoff");
  });
  reporter.setBroker(source.status().state, source.status().error ?? null);
  if (!options.reporter) reporter.start();
  const pipeline = new IngestPipeline(prisma, source, reporter, log, { ...DEFAULT_PIPELINE_OPTIONS, ...options.pipeline });
  pipeline.start();
  await source.start(pipeline.accept);
  return {
    source,
    reporter,
    pipeline,
    stop: async () => {
      // Stop taking new messages, write what is buffered (acking it), then report and close.
      await source.stop();
      await pipeline.drainAndStop();
      unsubscribe();
      if (!options.reporter) await reporter.stop();
    },
  };
}
