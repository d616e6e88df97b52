/**
 * Succeeded/failed counts per second of arrival, for the monitor's live rate chart. Arrival
 * time, not the event's timestamp: a worker with a skewed clock must not draw in the past.
 */
export type RatePoint = { t: number; succeeded: number; failed: number };

export class RateWindow {
  private readonly seconds = new Map<number, { succeeded: number; failed: number }>();

  constructor(private readonly keepSeconds = 120) {}

  add(type: string, atMs: number): void {
    if (type !== "task-succeeded" && type !== "task-failed") return;
    const second = Math.floor(atMs / 1000);
    const slot = this.seconds.get(second) ?? { succeeded: 0, failed: 0 };
    if (type === "task-succeeded") slot.succeeded += 1;
    else slot.failed += 1;
    this.seconds.set(second, slot);
    for (const key of this.seconds.keys()) if (key < second - this.keepSeconds) this.seconds.delete(key);
  }

  /** The last `span` whole seconds before `nowMs`, oldest first, zeros where nothing arrived. */
  points(nowMs: number, span = 60): RatePoint[] {
    const current = Math.floor(nowMs / 1000);
    const out: RatePoint[] = [];
    for (let second = current - span + 1; second <= current; second++) {
      const slot = this.seconds.get(second);
      out.push({ t: second * 1000, succeeded: slot?.succeeded ?? 0, failed: slot?.failed ?? 0 });
    }
    return out;
  }
}
