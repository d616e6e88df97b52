import { queueParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerCancelConsumer } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/queue/cancel-consumer/<name>?queue=`. */
export const POST = flowerPost("name", ({ actor, target, request, body }) => flowerCancelConsumer(actor, target, flowerPostParams(queueParams, request, body).queue));
