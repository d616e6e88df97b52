import { autoscaleParams } from "@/lib/flower/params";
import { flowerPostParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerAutoscale } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/worker/pool/autoscale/<name>?min=&max=` (needs a worker started with --autoscale). */
export const POST = flowerPost("name", ({ actor, target, request, body }) => {
  const { min, max } = flowerPostParams(autoscaleParams, request, body);
  return flowerAutoscale(actor, target, min, max);
});
