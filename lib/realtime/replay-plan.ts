/**
 * Whether the changes after `from` can still be replayed from change_log, given the seqs it
 * holds now. Pruning deletes a prefix and always keeps the newest row
 * (lib/repositories/change-log.ts), so nothing after `from` is gone while `from` is no older
 * than the row before the oldest kept. A `from` beyond the newest row was never handed out by
 * this database (another installation, a restored backup): nothing can be said about it.
 *
 * A seq lost to a rolled-back transaction right after a pruned `from` makes this answer
 * "gone" for a gap that could have been replayed — a needless resync, never a silent loss.
 */
export function canReplayChangesAfter(from: number, kept: { oldest: number; newest: number } | null): boolean {
  if (kept === null) return from === 0;
  return from >= kept.oldest - 1 && from <= kept.newest;
}

/**
 * Whether a task event cursor belongs to this database: one past the newest stored event
 * would make every new event look already delivered.
 */
export function isKnownEventCursor(cursor: bigint, newestEventId: bigint): boolean {
  return cursor >= 0n && cursor <= newestEventId;
}
