import { flowerPost } from "@/lib/http/flower-post";
import { flowerAbort } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/abort/<id>`: not supported yet (501 with what to use instead). */
export const POST = flowerPost("id", ({ actor, target }) => flowerAbort(actor, target));
