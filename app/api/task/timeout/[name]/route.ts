import { timeLimitParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerTimeLimit } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/timeout/<name>` (`soft`, `hard`, `workername`). */
export const POST = flowerPost("name", ({ actor, target, request, body }) => flowerTimeLimit(actor, target, flowerPostParams(timeLimitParams, request, body)));
