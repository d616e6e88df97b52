import type { TimeWindowKey } from "@/lib/dashboard/time-window";

/**
 * Every react-query key in the console comes from here, so live invalidation can name
 * whole areas ("everything under workers") without knowing each query. Keys are arrays
 * whose first element is the area; more specific keys extend their area's key.
 */
export const queryKeys = {
  dashboard: {
    all: () => ["dashboard"] as const,
    overview: () => ["dashboard", "overview"] as const,
    metrics: (window: TimeWindowKey) => ["dashboard", "metrics", window] as const,
  },
  workers: {
    all: () => ["workers"] as const,
    list: () => ["workers", "list"] as const,
    detail: (hostname: string) => ["workers", "detail", hostname] as const,
  },
  /** Asked of the workers on demand (inspect), never refreshed by the live stream. */
  queued: {
    all: () => ["queued"] as const,
    work: (worker: string | null) => ["queued", "work", worker ?? "*"] as const,
  },
  broker: {
    all: () => ["broker"] as const,
    overview: (window: TimeWindowKey) => ["broker", "overview", window] as const,
  },
  /** The tasks pages' area: their keys extend this one, so task changes refresh them too. */
  tasks: {
    all: () => ["tasks"] as const,
  },
} as const;

export type QueryArea = keyof typeof queryKeys;
