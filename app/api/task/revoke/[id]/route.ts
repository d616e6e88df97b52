import { revokeParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerRevoke } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/revoke/<id>?terminate=&signal=`. */
export const POST = flowerPost("id", ({ actor, target, request, body }) => flowerRevoke(actor, target, flowerPostParams(revokeParams, request, body)));
