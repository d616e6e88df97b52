import type { Logger } from "pino";
import type { SourceStatus } from "./event-source";

type Listener = (status: SourceStatus) => void;

/**
 * Holds a source's SourceStatus and tells listeners about every change. Keeps the rules of
 * event-source.ts in one place for both transports: a failure before the first success is
 * still `connecting`, after it `disconnected`; `since` moves only when the state does.
 */
export class StatusTracker {
  private current: SourceStatus;
  private everConnected = false;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.current = { state: "connecting", since: this.now() };
  }

  get(): SourceStatus {
    return { ...this.current };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves at the first success or the first failure, whichever comes first (start()'s contract). */
  firstOutcome(): Promise<void> {
    return new Promise((resolve) => {
      const settled = (s: SourceStatus) => s.state !== "connecting" || s.error !== undefined;
      if (settled(this.current)) return resolve();
      const unsubscribe = this.subscribe((s) => {
        if (!settled(s)) return;
        unsubscribe();
        resolve();
      });
    });
  }

  connected(): void {
    this.everConnected = true;
    this.set({ state: "connected" });
  }

  /** A connection attempt failed or a live connection was lost; `attempt` numbers the retry to come. */
  failed(error: string, attempt: number): void {
    this.set({ state: this.everConnected ? "disconnected" : "connecting", error, attempt });
  }

  stopped(): void {
    this.set({ state: "stopped" });
  }

  private set(next: Omit<SourceStatus, "since">): void {
    const prev = this.current;
    // Nothing may resurrect a stopped source: late socket events arrive after stop().
    if (prev.state === "stopped") return;
    if (prev.state === next.state && prev.error === next.error && prev.attempt === next.attempt) return;
    this.current = {
      state: next.state,
      since: prev.state === next.state ? prev.since : this.now(),
      ...(next.error === undefined ? {} : { error: next.error }),
      ...(next.attempt === undefined ? {} : { attempt: next.attempt }),
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(this.get());
      } catch (error) {
        // A broken listener must not break the broker connection that reported the status.
        this.log.error({ err: error }, "event source status listener threw");
      }
    }
  }
}
