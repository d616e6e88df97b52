import { taskSendBody } from "@/lib/flower/params";
import { parseFlowerParams } from "@/lib/flower/post-params";
import { flowerPost } from "@/lib/http/flower-post";
import { flowerSendTask } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `POST /api/task/send-task/<name>` with a JSON body {args, kwargs, options}. */
export const POST = flowerPost("name", ({ actor, target, body }) => flowerSendTask(actor, "send-task", target, parseFlowerParams(taskSendBody, body)));
