import { ReplyCollector, type ExpectedReplies, type PidboxReply } from "@/lib/celery/control-messages";
import type { BroadcastResult } from "./control-channel";

type Entry = {
  collector: ReplyCollector;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve: (result: BroadcastResult) => void;
  reject: (error: Error) => void;
};

/**
 * The broadcasts waiting for replies on one reply queue, keyed by ticket. Both adapters keep
 * ONE reply queue per channel (as kombu keeps one per Mailbox) and route what arrives here, so
 * concurrent broadcasts share it without seeing each other's replies.
 */
export class PendingBroadcasts {
  private readonly byTicket = new Map<string, Entry>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.byTicket.size;
  }

  has(ticket: string): boolean {
    return this.byTicket.has(ticket);
  }

  /**
   * Starts waiting for `ticket`. Resolves early once the expected replies are in, otherwise
   * when `timeoutMs` has passed; rejects only through fail()/failAll().
   */
  begin(ticket: string, expected: ExpectedReplies | undefined, timeoutMs: number, startedAt = this.now()): Promise<BroadcastResult> {
    if (this.byTicket.has(ticket)) throw new Error(`ticket ${ticket} is already pending`);
    return new Promise<BroadcastResult>((resolve, reject) => {
      const collector = new ReplyCollector(ticket, expected);
      const timer = setTimeout(() => this.finish(ticket), timeoutMs);
      this.byTicket.set(ticket, { collector, startedAt, timer, resolve, reject });
    });
  }

  /** Routes a reply to its broadcast; false when nobody waits for that ticket (a late or foreign reply). */
  deliver(reply: PidboxReply): boolean {
    const entry = reply.ticket === undefined ? undefined : this.byTicket.get(reply.ticket);
    if (!entry || reply.ticket === undefined) return false;
    entry.collector.offer(reply);
    if (entry.collector.complete) this.finish(reply.ticket);
    return true;
  }

  fail(ticket: string, error: Error): void {
    const entry = this.byTicket.get(ticket);
    if (!entry) return;
    this.byTicket.delete(ticket);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  failAll(error: Error): void {
    for (const ticket of [...this.byTicket.keys()]) this.fail(ticket, error);
  }

  private finish(ticket: string): void {
    const entry = this.byTicket.get(ticket);
    if (!entry) return;
    this.byTicket.delete(ticket);
    clearTimeout(entry.timer);
    const { collector } = entry;
    entry.resolve({
      replies: collector.replies,
      // An open-ended wait (nothing expected) always ends by the clock; that is not a timeout.
      timedOut: !collector.complete && collector.expected !== undefined,
      elapsedMs: this.now() - entry.startedAt,
    });
  }
}
