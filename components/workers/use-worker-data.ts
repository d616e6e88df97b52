"use client";

import { useQuery } from "@tanstack/react-query";
import { consoleQueries } from "@/lib/live/console-queries";
import type { WorkerDetail } from "@/lib/services/worker-detail";
import type { WorkerSummary } from "@/lib/services/worker-summaries";

export function useWorkers(initial: WorkerSummary[]): WorkerSummary[] {
  return useQuery({ ...consoleQueries.workers(), initialData: initial }).data;
}

/** `gone` when a refetch found no such worker any more (retention removed it). */
export function useWorker(hostname: string, initial: WorkerDetail): { worker: WorkerDetail; gone: boolean } {
  const query = useQuery({ ...consoleQueries.worker(hostname), initialData: initial });
  return { worker: query.data, gone: query.isError };
}
