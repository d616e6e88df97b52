import { flowerTasksQuery } from "@/lib/flower/params";
import { withApi } from "@/lib/http/with-api";
import { listFlowerTasks } from "@/lib/services/flower-api";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/tasks`, over every stored task (README "Coming from Flower"). */
export const GET = withApi({ access: "viewer", query: flowerTasksQuery }, ({ query }) => listFlowerTasks(query));
