import { withApi } from "@/lib/http/with-api";
import { listFlowerTaskTypes } from "@/lib/services/flower-api";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/task/types`. */
export const GET = withApi({ access: "viewer" }, () => listFlowerTaskTypes());
