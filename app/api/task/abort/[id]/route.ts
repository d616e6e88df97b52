import { flowerPost } from "@/lib/http/flower-post";
import { flowerAbort } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/abort/<id>`: ABORTED stored in the Redis result backend, as AbortableAsyncResult.abort() does. */
export const POST = flowerPost("id", ({ actor, target }) => flowerAbort(actor, target));
