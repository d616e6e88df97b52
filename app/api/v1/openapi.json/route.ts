import { apiRoute } from "@/lib/http/api-route";
import { openApiOperation } from "@/lib/openapi/operations/system";
import { getOpenApiDocument } from "@/lib/services/openapi";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/openapi.json. Viewer access, like every other route but the load balancers'
 * probes: the document adds nothing a caller with a read token cannot try, and keeping the
 * rule "everything needs credentials" simple is worth more than anonymous browsing of it.
 */
export const GET = apiRoute(openApiOperation, async () => getOpenApiDocument());
