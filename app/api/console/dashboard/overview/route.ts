import { z } from "zod";
import { jsonRoute } from "@/lib/http/json-route";
import { getDashboardOverview } from "@/lib/services/dashboard-overview";

export const dynamic = "force-dynamic";

/** The dashboard's always-current figures; the page refetches it when the live stream says something changed. */
export const GET = jsonRoute({ query: z.object({}) }, () => getDashboardOverview());
