import { queryOptions } from "@tanstack/react-query";
import { withBasePath } from "@/lib/http/base-path";
import type { ErrorBody } from "@/lib/http/errors";
import type { AlertsSummary } from "@/lib/services/alerts";

/**
 * The bell's query. Alert states change in the ingest worker, which sends no stream message
 * of its own for them, so the bell refetches on a short interval (one small query) as well
 * as on every full resync of the live stream.
 */
export const ALERTS_SUMMARY_KEY = ["alerts", "summary"] as const;
export const ALERTS_REFRESH_MS = 10_000;

export const alertsSummaryQuery = () =>
  queryOptions({
    queryKey: ALERTS_SUMMARY_KEY,
    queryFn: async (): Promise<AlertsSummary> => {
      const response = await fetch(withBasePath("/api/console/alerts"), { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ErrorBody | null;
        throw new Error(body?.error.message ?? `alerts answered ${response.status}`);
      }
      return (await response.json()) as AlertsSummary;
    },
    refetchInterval: ALERTS_REFRESH_MS,
  });
