import { deflateSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPubSubCapture } from "./__fixtures__/fixtures";
import { decodeBody, decodeEnvelope, type BodyDecodeResult, type DecodeResult } from "./envelope";

function envelope(body: string, overrides: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): string {
  return JSON.stringify({
    body,
    "content-encoding": "utf-8",
    "content-type": "application/json",
    headers: { hostname: "w1@vm" },
    properties: {
      delivery_mode: 1,
      delivery_info: { exchange: "celeryev", routing_key: "task.multi" },
      priority: 0,
      body_encoding: "base64",
      delivery_tag: "tag-1",
      ...properties,
    },
    ...overrides,
  });
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64");

function expectFailure(result: DecodeResult | BodyDecodeResult, reason: string) {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.reason).toBe(reason);
    expect(result.detail.length).toBeGreaterThan(0);
  }
}

describe("decodeEnvelope on captured Redis traffic", () => {
  const lines = readPubSubCapture("events-pubsub.jsonl");

  it("decodes every kombu envelope to the body Python decoded", () => {
    const envelopes = lines.filter((line) => line.channel.startsWith("/0."));
    expect(envelopes.length).toBeGreaterThan(90);
    for (const line of envelopes) {
      const result = decodeEnvelope(line.raw);
      expect(result.ok, line.raw.slice(0, 80)).toBe(true);
      if (!result.ok) continue;
      expect(result.body).toEqual(line.body_decoded);
      expect(result.contentType).toBe("application/json");
      expect(result.contentEncoding).toBe("utf-8");
      expect(typeof result.deliveryTag).toBe("string");
      if (line.channel.startsWith("/0.celeryev/")) {
        expect(result.exchange).toBe("celeryev");
        expect(result.routingKey).toBe(line.channel.slice("/0.celeryev/".length));
        expect(typeof result.headers["hostname"]).toBe("string");
      }
    }
  });

  it("decodes Buffer input exactly like string input", () => {
    const line = lines.find((l) => l.channel === "/0.celeryev/task.multi");
    expect(line).toBeDefined();
    if (!line) return;
    expect(decodeEnvelope(Buffer.from(line.raw, "utf8"))).toEqual(decodeEnvelope(line.raw));
  });

  it("reports result-backend notifications (plain JSON, no envelope) as not_an_envelope", () => {
    const meta = lines.filter((l) => l.channel.startsWith("celery-task-meta-"));
    expect(meta.length).toBeGreaterThan(0);
    for (const line of meta) expectFailure(decodeEnvelope(line.raw), "not_an_envelope");
  });
});

describe("decodeEnvelope shapes", () => {
  it("accepts a body without body_encoding (kept as text)", () => {
    const result = decodeEnvelope(envelope('{"type": "worker-online"}', {}, { body_encoding: null }));
    expect(result).toMatchObject({ ok: true, body: { type: "worker-online" } });
  });

  it("accepts content types with parameters and any case", () => {
    const result = decodeEnvelope(envelope(b64("[1]"), { "content-type": "Application/JSON; charset=utf-8" }));
    expect(result).toMatchObject({ ok: true, body: [1], contentType: "application/json" });
  });

  it("exposes priority and tolerates oddly typed optional properties", () => {
    const ok = decodeEnvelope(envelope(b64("{}"), {}, { priority: 9, delivery_tag: 42, delivery_info: "x" }));
    expect(ok).toMatchObject({ ok: true, priority: 9 });
    if (ok.ok) {
      expect(ok.deliveryTag).toBeUndefined();
      expect(ok.routingKey).toBeUndefined();
    }
  });

  it("maps Python's NaN/Infinity tokens to null instead of losing the message", () => {
    const body = '[{"type": "task-x", "v": NaN, "w": -Infinity, "s": "NaN stays"}]';
    const result = decodeEnvelope(envelope(b64(body)));
    expect(result).toMatchObject({ ok: true, body: [{ type: "task-x", v: null, w: null, s: "NaN stays" }] });
  });

  it("keeps emoji and decodes escaped lone surrogates and NUL as JSON says (the event layer repairs them)", () => {
    const body = JSON.stringify({ a: "🌸 ok", b: "\ud800", c: "x\u0000y" });
    const result = decodeEnvelope(envelope(b64(body)));
    expect(result).toMatchObject({ ok: true, body: { a: "🌸 ok", b: "\ud800", c: "x\u0000y" } });
  });

  it("decompresses zlib bodies (kombu compression 'application/x-gzip')", () => {
    const compressed = deflateSync(Buffer.from('{"hello": "world"}'));
    const result = decodeEnvelope(envelope(compressed.toString("base64"), { headers: { compression: "application/x-gzip" } }));
    expect(result).toMatchObject({ ok: true, body: { hello: "world" } });
  });
});

describe("decodeEnvelope rejections (named, never thrown)", () => {
  it.each([
    ["truncated JSON", '{"body": "e30=", "properties": {', "invalid_json"],
    ["empty input", "", "invalid_json"],
    ["JSON null", "null", "not_an_envelope"],
    ["JSON list", "[1, 2]", "not_an_envelope"],
    ["JSON number", "42", "not_an_envelope"],
    ["missing properties", JSON.stringify({ body: "e30=" }), "not_an_envelope"],
    ["properties not an object", JSON.stringify({ body: "e30=", properties: [] }), "not_an_envelope"],
    ["body not a string", JSON.stringify({ body: 5, properties: {} }), "not_an_envelope"],
    ["headers not an object", JSON.stringify({ body: "e30=", properties: {}, headers: "h" }), "not_an_envelope"],
    ["empty body", envelope(""), "invalid_body_json"],
    ["invalid base64 characters", envelope("e30*"), "invalid_base64"],
    ["invalid base64 padding", envelope("e30"), "invalid_base64"],
    ["unknown body_encoding", envelope("7b7d", {}, { body_encoding: "hex" }), "unsupported_encoding"],
    ["latin-1 content encoding", envelope(b64("{}"), { "content-encoding": "latin-1" }), "unsupported_encoding"],
    ["body not JSON", envelope(b64("{not json")), "invalid_body_json"],
    ["body not UTF-8", envelope(Buffer.from([0x7b, 0xff, 0x7d]).toString("base64")), "invalid_utf8"],
    ["no content type", envelope(b64("{}"), { "content-type": null }), "unsupported_content_type"],
    ["text/plain", envelope(b64("{}"), { "content-type": "text/plain" }), "unsupported_content_type"],
    ["bz2 compression", envelope(b64("{}"), { headers: { compression: "application/x-bz2" } }), "unsupported_compression"],
    ["corrupt zlib body", envelope(b64("not zlib"), { headers: { compression: "zlib" } }), "invalid_compressed_body"],
  ])("%s → %s", (_name, raw, reason) => {
    expectFailure(decodeEnvelope(raw), reason);
  });

  it("rejects invalid UTF-8 in the raw message", () => {
    expectFailure(decodeEnvelope(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])), "invalid_utf8");
  });

  it.each([
    ["application/x-python-serialize"],
    ["application/x-msgpack"],
    ["application/x-yaml"],
  ])("never deserializes %s", (contentType) => {
    // A real pickle that would run os.system if unpickled: it must only ever be rejected.
    const pickle = Buffer.from("Y3Bvc2l4CnN5c3RlbQpwMAooVnRvdWNoIC90bXAvcHduZWQKcDEKdHAyClJwMwou", "base64");
    const result = decodeEnvelope(envelope(pickle.toString("base64"), { "content-type": contentType }));
    expectFailure(result, "unsupported_content_type");
    if (!result.ok) expect(result.detail).toContain("never deserialized");
  });

  it("rejects a 10 MB message as oversized before parsing it (string and Buffer)", () => {
    const huge = envelope(b64("x".repeat(8 * 1024 * 1024)));
    expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
    expectFailure(decodeEnvelope(huge), "oversized");
    expectFailure(decodeEnvelope(Buffer.from(huge)), "oversized");
  });

  it("counts bytes, not characters, against maxBytes", () => {
    const raw = envelope(b64(JSON.stringify("é".repeat(100))));
    const bytes = Buffer.byteLength(raw);
    expect(decodeEnvelope(raw, { maxBytes: bytes }).ok).toBe(true);
    expectFailure(decodeEnvelope(raw, { maxBytes: bytes - 1 }), "oversized");
    const multibyte = JSON.stringify({ body: "é".repeat(60), properties: {} });
    expectFailure(decodeEnvelope(multibyte, { maxBytes: multibyte.length + 10 }), "oversized");
  });

  it("stops a compressed body that inflates beyond maxBytes", () => {
    const bomb = deflateSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    const result = decodeEnvelope(envelope(bomb.toString("base64"), { headers: { compression: "zlib" } }), { maxBytes: 1024 * 1024 });
    expectFailure(result, "oversized");
  });

  it("never throws on arbitrary text or bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const result = decodeEnvelope(text);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(typeof decodeEnvelope(Buffer.from(bytes)).ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (body, properties) => {
        const raw = JSON.stringify({ body, properties, headers: properties, "content-type": body });
        expect(typeof decodeEnvelope(raw).ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });
});

describe("decodeBody (the AMQP path)", () => {
  it("decodes a JSON body given as bytes with its message properties", () => {
    const result = decodeBody(Buffer.from('[{"type": "task-started"}]'), "application/json", "utf-8");
    expect(result).toEqual({ ok: true, body: [{ type: "task-started" }] });
  });

  it("accepts the encodings kombu treats as UTF-8-compatible", () => {
    for (const encoding of ["utf-8", "UTF8", "binary", "ascii", "", null, undefined]) {
      expect(decodeBody(Buffer.from("{}"), "application/json", encoding).ok).toBe(true);
    }
  });

  it("rejects pickle without reading it, and oversized bodies", () => {
    expectFailure(decodeBody(Buffer.from([0x80, 0x04, 0x95]), "application/x-python-serialize", "binary"), "unsupported_content_type");
    expectFailure(decodeBody(Buffer.alloc(11), "application/json", "utf-8", { maxBytes: 10 }), "oversized");
    expectFailure(decodeBody(Buffer.alloc(0), "application/json", "utf-8"), "invalid_body_json");
  });

  it("keeps a UTF-8 BOM as Python does (and so rejects it)", () => {
    expectFailure(decodeBody(Buffer.from("\ufeff{}"), "application/json", "utf-8"), "invalid_body_json");
  });
});
