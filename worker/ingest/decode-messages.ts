import { decodeBody, decodeEnvelope, type DecodeResult } from "@/lib/celery/envelope";
import { parseEventBody } from "@/lib/celery/events";
import { toStorableText, truncateText } from "@/lib/celery/text-safety";
import type { DeadLetterRecord } from "@/lib/repositories/ingest-batch-writes";
import type { RawEventMessage } from "../sources/event-source";
import type { IngestedEvent } from "./batch-plan";

export type DecodeLimits = {
  /** messages larger than this are dead-lettered unread */
  maxMessageBytes: number;
  /** how much of a bad message is kept in the dead-letter table */
  maxDeadLetterBytes: number;
};

export type DecodedMessages = { events: IngestedEvent[]; deadLetters: DeadLetterRecord[] };

/**
 * Turns raw broker messages into validated events. Anything that cannot be used becomes a
 * dead letter with its reason and (truncated) bytes; one bad message or one bad event in a
 * `task.multi` list never costs the good events around it.
 */
export function decodeMessages(messages: readonly RawEventMessage[], limits: DecodeLimits): DecodedMessages {
  const out: DecodedMessages = { events: [], deadLetters: [] };
  for (const message of messages) {
    const decoded = decodeOne(message, limits.maxMessageBytes);
    if (!decoded.ok) {
      out.deadLetters.push(deadLetter(message, decoded.reason, decoded.detail, message.payload, limits));
      continue;
    }
    const parsed = parseEventBody(decoded.body);
    for (const event of parsed.events) out.events.push({ event, receivedAt: message.receivedAt });
    for (const rejected of parsed.rejected) {
      const raw = Buffer.from(safeJson(rejected.item), "utf8");
      out.deadLetters.push(deadLetter(message, rejected.reason, rejected.detail, raw, limits));
    }
  }
  return out;
}

function decodeOne(message: RawEventMessage, maxBytes: number): DecodeResult | { ok: true; body: unknown } {
  if (message.transport === "redis") return decodeEnvelope(message.payload, { maxBytes });
  // AMQP carries content type/encoding as message properties; an absent type means JSON
  // only for Celery's own defaults, so say so explicitly rather than guess.
  return decodeBody(message.payload, message.contentType ?? "application/json", message.contentEncoding ?? "utf-8", { maxBytes });
}

function deadLetter(message: RawEventMessage, reason: string, detail: string, raw: Buffer, limits: DecodeLimits): DeadLetterRecord {
  return {
    transport: message.transport,
    // Error texts may quote the bad input (NUL, lone surrogates): make them storable.
    channel: toStorableText(truncateText(message.channel, 512)),
    reason,
    detail: toStorableText(truncateText(detail, 2_000)),
    raw: raw.subarray(0, limits.maxDeadLetterBytes),
    size: raw.length,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
