import { rateLimitParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerRateLimit } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/rate-limit/<name>` (`ratelimit`, `workername`). */
export const POST = flowerPost("name", ({ actor, target, request, body }) => flowerRateLimit(actor, target, flowerPostParams(rateLimitParams, request, body)));
