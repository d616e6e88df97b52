import { flowerPost } from "@/lib/http/flower-post";
import { flowerShutdown } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/shutdown/<name>`. */
export const POST = flowerPost("name", ({ actor, target }) => flowerShutdown(actor, target));
