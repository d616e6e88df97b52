import { withApi } from "@/lib/http/with-api";
import { requireActor } from "@/lib/flower/require-actor";
import { listWorkerStats } from "@/lib/services/flower-api";

export const dynamic = "force-dynamic";

/** Per-worker `inspect stats` as stored, with processed/failed counts (Bloom's addition to Flower's paths). */
export const GET = withApi({ access: "viewer" }, ({ actor }) => listWorkerStats(requireActor(actor)));
