import { z } from "zod";
import { jsonRoute } from "@/lib/http/json-route";
import { listWorkerSummaries } from "@/lib/services/worker-summaries";

export const dynamic = "force-dynamic";

export const GET = jsonRoute({ query: z.object({}) }, () => listWorkerSummaries());
