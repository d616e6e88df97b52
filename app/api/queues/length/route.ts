import { withApi } from "@/lib/http/with-api";
import { listFlowerQueueLengths } from "@/lib/services/flower-api";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/queues/length`, from the queue sampler's latest depths. */
export const GET = withApi({ access: "viewer" }, () => listFlowerQueueLengths());
