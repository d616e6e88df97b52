import { getSystemHealth } from "@/lib/services/system-health";

export const dynamic = "force-dynamic";

/** Flower-compatible: `OK` with 200 when healthy; 503 with the reason otherwise. */
export async function GET(): Promise<Response> {
  const health = await getSystemHealth();
  if (health.healthy) return new Response("OK", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  const reason =
    health.database === "down" ? "database unavailable" : health.ingest !== "running" ? `ingest ${health.ingest}` : `broker ${health.broker}`;
  return new Response(`UNHEALTHY: ${reason}`, { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
}
