import { z } from "zod";
import { timeWindowParam } from "@/lib/dashboard/time-window";
import { jsonRoute } from "@/lib/http/json-route";
import { getBrokerOverview } from "@/lib/services/broker-overview";

export const dynamic = "force-dynamic";

export const GET = jsonRoute({ query: z.object({ window: timeWindowParam }) }, ({ query }) => getBrokerOverview(query.window));
