import { adjustTimestamp } from "./utc-offset";

/** What ordering needs from an event. */
export type OrderableEvent = {
  type: string;
  clock?: number | null;
  timestamp: number;
  utcoffset?: number | null;
};

/**
 * The Lamport clock usable for ordering, or 0 for "none".
 * celery: the receiver overwrites a task-sent clock with its own (clients never sync their
 * clock with workers, so the value means nothing next to a worker's); Bloom has no receiver
 * clock to substitute, so a task-sent is ordered by its timestamp.
 */
export function orderingClock(event: OrderableEvent): number {
  if (event.type === "task-sent") return 0;
  return event.clock ?? 0;
}

// Comparable instant: the utcoffset correction of adjust_timestamp, with the receiver's own
// offset left out because it is the same for every event and cancels in a comparison.
function instant(event: OrderableEvent): number {
  return event.utcoffset === undefined || event.utcoffset === null ? event.timestamp : adjustTimestamp(event.timestamp, event.utcoffset, 0);
}

/**
 * Orders events (typically several events of one task found in one batch) the way kombu's
 * timetuple does: by Lamport clock when both events have one, else by timestamp; ties keep
 * arrival order. Returns a new array.
 *
 * celery: timetuple's pairwise rule is not a total order when clocked and unclocked events
 * mix (a sort over it may give any result). Bloom sorts the clocked events by clock and the
 * unclocked ones by timestamp, then merges the two runs by timestamp: every clocked pair
 * still follows its clocks, every pair involving an unclocked event follows timestamps where
 * the runs allow, and the result is deterministic.
 */
export function sortEventsForReplay<T extends OrderableEvent>(events: readonly T[]): T[] {
  const indexed = events.map((event, index) => ({ event, index, clock: orderingClock(event), at: instant(event) }));
  const clocked = indexed.filter((e) => e.clock > 0).sort((a, b) => a.clock - b.clock || a.at - b.at || a.index - b.index);
  const unclocked = indexed.filter((e) => e.clock <= 0).sort((a, b) => a.at - b.at || a.index - b.index);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < clocked.length || j < unclocked.length) {
    const a = clocked[i];
    const b = unclocked[j];
    if (a === undefined || (b !== undefined && (b.at < a.at || (b.at === a.at && b.index < a.index)))) {
      if (b === undefined) break;
      out.push(b.event);
      j++;
    } else {
      out.push(a.event);
      i++;
    }
  }
  return out;
}
