import { z } from "zod";
import type { MonitorFilters } from "./event-line";

const text = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || null)
  .nullable()
  .catch(null)
  .default(null);

/** `/monitor?type=task-failed&name=add&worker=w1@host`: the view is a shareable URL. */
export const monitorParams = z.object({
  type: z
    .string()
    .regex(/^task-[a-z_-]{1,40}$/)
    .nullable()
    .catch(null)
    .default(null),
  name: text,
  worker: text,
});

export function parseMonitorFilters(params: Record<string, string | string[] | undefined>): MonitorFilters {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return monitorParams.parse({ type: single(params.type), name: single(params.name), worker: single(params.worker) });
}

export function monitorQueryString(filters: MonitorFilters): string {
  const params = new URLSearchParams();
  if (filters.type) params.set("type", filters.type);
  if (filters.name) params.set("name", filters.name);
  if (filters.worker) params.set("worker", filters.worker);
  const query = params.toString();
  return query ? `?${query}` : "";
}
