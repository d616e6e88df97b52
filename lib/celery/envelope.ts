import { inflateSync } from "node:zlib";
import { z } from "zod";
import { isJsonObject } from "./json-value";
import { parsePythonJson } from "./python-json";

/**
 * kombu message decoding, for both transports:
 *
 * - Redis (virtual transport) stores/publishes the whole message as one JSON "envelope":
 *   `{"body": "<base64>", "content-type", "content-encoding", "headers", "properties":
 *   {"body_encoding": "base64", "delivery_info": {exchange, routing_key}, "delivery_tag", ...}}`
 *   (kombu/transport/virtual/base.py Message) → `decodeEnvelope`.
 * - AMQP delivers the body bytes with content-type / content-encoding / headers as message
 *   properties → the AMQP adapter calls `decodeBody` directly.
 *
 * Only JSON is ever decoded. pickle, msgpack and yaml bodies are rejected by content type
 * without being looked at, so nothing from the wire is ever executed.
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export type DecodeFailureReason =
  | "oversized"
  | "invalid_utf8"
  | "invalid_json"
  | "not_an_envelope"
  | "invalid_base64"
  | "unsupported_content_type"
  | "unsupported_encoding"
  | "unsupported_compression"
  | "invalid_compressed_body"
  | "invalid_body_json";

export type DecodeFailure = { ok: false; reason: DecodeFailureReason; detail: string };

export type DecodedEnvelope = {
  ok: true;
  /** the deserialized body: an event object, a list of events, a pidbox request/reply, ... */
  body: unknown;
  headers: Record<string, unknown>;
  /** kombu `properties` as received (delivery_info, delivery_tag, priority, reply_to, ...) */
  properties: Record<string, unknown>;
  /** normalized: lower case, without parameters */
  contentType: string;
  contentEncoding: string;
  routingKey?: string;
  exchange?: string;
  deliveryTag?: string;
  priority?: number;
};

export type DecodeResult = DecodedEnvelope | DecodeFailure;

export type DecodeOptions = {
  /** upper bound for the raw message and for the decoded (and decompressed) body */
  maxBytes?: number;
};

export type BodyDecodeOptions = DecodeOptions & {
  /** kombu's `compression` header (e.g. "application/x-gzip"), if any */
  compression?: string | null;
};

export type BodyDecodeResult = { ok: true; body: unknown } | DecodeFailure;

const JSON_CONTENT_TYPES: ReadonlySet<string> = new Set(["application/json"]);

// Serializers kombu can be configured with whose payloads could execute code or need a
// parser we do not ship. Named only to give a clearer rejection detail.
const UNSAFE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  "application/x-python-serialize",
  "application/x-pickle",
  "application/x-msgpack",
  "application/x-yaml",
  "application/yaml",
]);

// kombu's json decoder always decodes bytes as UTF-8 (kombu/utils/json.py), whatever the
// declared encoding; these declarations are compatible with that.
const UTF8_COMPATIBLE_ENCODINGS: ReadonlySet<string> = new Set(["", "utf-8", "utf8", "binary", "ascii", "us-ascii"]);

// kombu/compression.py registers zlib under these names; bz2/lzma/brotli/zstd need
// libraries we do not use.
const ZLIB_COMPRESSION: ReadonlySet<string> = new Set(["application/x-gzip", "gzip", "zlib"]);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const envelopeSchema = z.object({
  body: z.string().nullish(),
  "content-type": z.string().max(255).nullish(),
  "content-encoding": z.string().max(64).nullish(),
  headers: z.record(z.string(), z.unknown()).nullish(),
  properties: z.record(z.string(), z.unknown()),
});

function fail(reason: DecodeFailureReason, detail: string): DecodeFailure {
  return { ok: false, reason, detail };
}

function byteLength(raw: Buffer | string): number {
  return typeof raw === "string" ? Buffer.byteLength(raw, "utf8") : raw.length;
}

/** Decodes a kombu JSON envelope as stored in Redis lists and published on Redis pub/sub. */
export function decodeEnvelope(raw: Buffer | string, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  // A string has at least one byte per UTF-16 unit: reject huge input before measuring it.
  if ((typeof raw === "string" && raw.length > maxBytes) || byteLength(raw) > maxBytes) {
    return fail("oversized", `message is ${byteLength(raw)} bytes, limit ${maxBytes}`);
  }

  let text: string;
  if (typeof raw === "string") {
    text = raw;
  } else {
    try {
      text = utf8.decode(raw);
    } catch {
      return fail("invalid_utf8", "message is not valid UTF-8");
    }
  }

  const parsed = parsePythonJson(text);
  if (!parsed.ok) return fail("invalid_json", parsed.detail);
  if (!isJsonObject(parsed.value)) return fail("not_an_envelope", "message is not a JSON object");

  const shape = envelopeSchema.safeParse(parsed.value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid shape";
    return fail("not_an_envelope", where);
  }
  const envelope = shape.data;
  const properties = envelope.properties;
  const headers = envelope.headers ?? {};

  if (envelope.body === undefined || envelope.body === null || envelope.body === "") {
    return fail("invalid_body_json", "message has an empty body");
  }

  let bodyBytes: Buffer;
  const bodyEncoding = properties["body_encoding"];
  if (bodyEncoding === "base64") {
    if (envelope.body.length % 4 !== 0 || !BASE64.test(envelope.body)) {
      // celery: Python's b64decode(validate=False) silently skips stray characters; a
      // corrupted body is better rejected than decoded into something else.
      return fail("invalid_base64", "body is not valid base64");
    }
    bodyBytes = Buffer.from(envelope.body, "base64");
  } else if (bodyEncoding === undefined || bodyEncoding === null) {
    bodyBytes = Buffer.from(envelope.body, "utf8");
  } else {
    return fail("unsupported_encoding", `unsupported body_encoding ${JSON.stringify(bodyEncoding)}`);
  }

  const compression = typeof headers["compression"] === "string" ? headers["compression"] : null;
  const body = decodeBody(bodyBytes, envelope["content-type"] ?? "", envelope["content-encoding"] ?? "", {
    maxBytes,
    compression,
  });
  if (!body.ok) return body;

  const deliveryInfo = isJsonObject(properties["delivery_info"]) ? properties["delivery_info"] : {};
  const result: DecodedEnvelope = {
    ok: true,
    body: body.body,
    headers,
    properties,
    contentType: normalizeContentType(envelope["content-type"] ?? ""),
    contentEncoding: (envelope["content-encoding"] ?? "").trim().toLowerCase(),
  };
  const routingKey = deliveryInfo["routing_key"];
  if (typeof routingKey === "string") result.routingKey = routingKey;
  const exchange = deliveryInfo["exchange"];
  if (typeof exchange === "string") result.exchange = exchange;
  const deliveryTag = properties["delivery_tag"];
  if (typeof deliveryTag === "string") result.deliveryTag = deliveryTag;
  const priority = properties["priority"];
  if (typeof priority === "number" && Number.isInteger(priority)) result.priority = priority;
  return result;
}

function normalizeContentType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Deserializes a message body given its content type and encoding (kombu serialization.loads,
 * restricted to JSON). Used by decodeEnvelope and by the AMQP transport directly.
 */
export function decodeBody(
  body: Buffer,
  contentType: string | null | undefined,
  contentEncoding: string | null | undefined,
  opts: BodyDecodeOptions = {},
): BodyDecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (body.length > maxBytes) return fail("oversized", `body is ${body.length} bytes, limit ${maxBytes}`);

  const type = normalizeContentType(contentType ?? "");
  // celery: kombu decodes whatever serializers the app accepts (pickle included, if enabled);
  // Bloom only ever decodes JSON, so a pickle-configured cluster's messages are rejected.
  if (!JSON_CONTENT_TYPES.has(type)) {
    const detail = UNSAFE_CONTENT_TYPES.has(type)
      ? `${type} is never deserialized (only JSON is accepted)`
      : `unsupported content type ${JSON.stringify(contentType ?? "")} (only application/json is accepted)`;
    return fail("unsupported_content_type", detail);
  }
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  // celery: kombu's JSON decoder ignores the declared encoding and reads UTF-8 anyway; a
  // declaration that contradicts that is rejected here rather than silently misread.
  if (!UTF8_COMPATIBLE_ENCODINGS.has(encoding)) {
    return fail("unsupported_encoding", `unsupported content encoding ${JSON.stringify(contentEncoding)}`);
  }

  let bytes = body;
  if (opts.compression) {
    const compression = opts.compression.trim().toLowerCase();
    // celery: kombu also knows bz2, lzma, brotli and zstd (when installed); Bloom only zlib.
    if (!ZLIB_COMPRESSION.has(compression)) {
      return fail("unsupported_compression", `unsupported compression ${JSON.stringify(opts.compression)}`);
    }
    try {
      // maxOutputLength bounds a decompression bomb before it is allocated.
      bytes = inflateSync(body, { maxOutputLength: maxBytes });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "ERR_BUFFER_TOO_LARGE") return fail("oversized", `decompressed body exceeds ${maxBytes} bytes`);
      return fail("invalid_compressed_body", error instanceof Error ? error.message : "cannot decompress body");
    }
  }
  if (bytes.length === 0) return fail("invalid_body_json", "body is empty");

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail("invalid_utf8", "body is not valid UTF-8");
  }
  const parsed = parsePythonJson(text);
  if (!parsed.ok) return fail("invalid_body_json", parsed.detail);
  return { ok: true, body: parsed.value };
}
