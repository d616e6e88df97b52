import { queueParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerAddConsumer } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/queue/add-consumer/<name>?queue=`. */
export const POST = flowerPost("name", ({ actor, target, request, body }) => flowerAddConsumer(actor, target, flowerPostParams(queueParams, request, body).queue));
