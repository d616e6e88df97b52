import { flowerPost } from "@/lib/http/flower-post";
import { flowerPoolRestart } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/pool/restart/<name>` (needs worker_pool_restarts on the worker). */
export const POST = flowerPost("name", ({ actor, target }) => flowerPoolRestart(actor, target));
