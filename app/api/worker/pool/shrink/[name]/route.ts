import { poolSizeParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerPoolShrink } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/pool/shrink/<name>?n=1`. */
export const POST = flowerPost("name", ({ actor, target, request, body }) => flowerPoolShrink(actor, target, flowerPostParams(poolSizeParams, request, body).n ?? 1));
