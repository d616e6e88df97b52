import { z } from "zod";
import { timeWindowParam } from "@/lib/dashboard/time-window";
import { jsonRoute } from "@/lib/http/json-route";
import { getDashboardMetrics } from "@/lib/services/dashboard-metrics";

export const dynamic = "force-dynamic";

/** Rollup figures and chart series for `?window=15m|1h|24h|7d`. */
export const GET = jsonRoute({ query: z.object({ window: timeWindowParam }) }, ({ query }) => getDashboardMetrics(query.window));
