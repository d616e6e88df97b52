import type { QueryKeyPrefix } from "./invalidation-plan";

export type Invalidate = (keys: QueryKeyPrefix[] | "all") => void;

/**
 * Collects invalidations and applies them at most once per `intervalMs`: the first at once
 * (a lone change shows immediately), the rest of a burst together at the end of the
 * interval. A busy cluster notifies many times a second; pages refetch once a second.
 */
export function createThrottledInvalidator(apply: Invalidate, intervalMs: number, now: () => number = Date.now) {
  const pending = new Map<string, QueryKeyPrefix>();
  let pendingAll = false;
  let lastFlush = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    lastFlush = now();
    if (pendingAll) apply("all");
    else if (pending.size > 0) apply(prune([...pending.values()]));
    pendingAll = false;
    pending.clear();
  };

  return {
    push(keys: QueryKeyPrefix[] | "all"): void {
      if (keys === "all") pendingAll = true;
      else for (const key of keys) pending.set(JSON.stringify(key), key);
      if (!pendingAll && pending.size === 0) return;
      if (timer) return;
      const wait = lastFlush + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    dispose(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Drops keys already covered by a shorter prefix in the same batch (["workers"] covers ["workers","list"]). */
export function prune(keys: QueryKeyPrefix[]): QueryKeyPrefix[] {
  return keys.filter((key) => !keys.some((other) => other !== key && other.length < key.length && other.every((part, i) => key[i] === part)));
}
