import { flowerWorkersQuery } from "@/lib/flower/params";
import { withApi } from "@/lib/http/with-api";
import { requireActor } from "@/lib/flower/require-actor";
import { readWorkersForFlower } from "@/lib/services/flower-workers";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/workers` (`refresh`, `workername`, `status`). */
export const GET = withApi({ access: "viewer", query: flowerWorkersQuery }, ({ query, actor }) => readWorkersForFlower(requireActor(actor), query));
