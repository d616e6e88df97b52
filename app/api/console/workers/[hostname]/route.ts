import { z } from "zod";
import { notFound } from "@/lib/http/errors";
import { jsonRoute } from "@/lib/http/json-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { getWorkerDetail } from "@/lib/services/worker-detail";

export const dynamic = "force-dynamic";

export const GET = jsonRoute<z.ZodObject, { hostname: string }>({ query: z.object({}) }, async ({ params }) => {
  const hostname = decodeSegment(params.hostname);
  const detail = await getWorkerDetail(hostname);
  if (!detail) throw notFound(`no worker named ${hostname}`);
  return detail;
});
