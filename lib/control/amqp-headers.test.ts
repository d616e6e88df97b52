import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { broadcastHeaders } from "@/lib/celery/control-messages";
import type { JsonObject, JsonValue } from "@/lib/celery/json-value";
import { buildTaskMessage } from "@/lib/celery/task-message";
import { toAmqpTable } from "./amqp-headers";
import { ControlError } from "./control-error";

/**
 * Header tables go through amqplib's real encoder and come back through a port of py-amqp
 * 5.1's field-table reader (amqp/serialization.py _read_item, the client Celery 5.2 uses), so
 * these tests show what a Celery worker will actually read.
 */

// amqplib's package exports hide its codec; reach it by file path from the package's entry.
const require = createRequire(import.meta.url);
const codec = require(path.join(path.dirname(require.resolve("amqplib")), "lib", "codec.js")) as {
  encodeTable(buffer: Buffer, value: unknown, offset: number): number;
};

function encode(table: unknown): Buffer {
  const buffer = Buffer.alloc(64 * 1024);
  const size = codec.encodeTable(buffer, table, 0);
  return buffer.subarray(0, size);
}

/** py-amqp's reading of a field table, type letter by type letter. */
function pyAmqpReadTable(buf: Buffer): JsonObject {
  const [value] = readItem(Buffer.concat([Buffer.from("F"), buf]), 0);
  return value as JsonObject;
}

function readItem(buf: Buffer, start: number): [JsonValue, number] {
  const type = String.fromCharCode(buf[start] ?? 0);
  let offset = start + 1;
  switch (type) {
    case "S": {
      const length = buf.readUInt32BE(offset);
      return [buf.toString("utf8", offset + 4, offset + 4 + length), offset + 4 + length];
    }
    case "s": {
      // py-amqp: short STRING (RabbitMQ and amqplib mean a 16-bit int here).
      const length = buf.readUInt8(offset);
      const text = new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(offset + 1, offset + 1 + length));
      return [text, offset + 1 + length];
    }
    case "b":
      return [buf.readUInt8(offset), offset + 1]; // py-amqp: unsigned
    case "B":
      return [buf.readInt8(offset), offset + 1];
    case "I":
      return [buf.readInt32BE(offset), offset + 4];
    case "i":
      return [buf.readUInt32BE(offset), offset + 4];
    case "L":
      return [Number(buf.readBigInt64BE(offset)), offset + 8];
    case "l":
      return [Number(buf.readBigUInt64BE(offset)), offset + 8]; // py-amqp: unsigned
    case "d":
      return [buf.readDoubleBE(offset), offset + 8];
    case "t":
      return [buf.readUInt8(offset) !== 0, offset + 1];
    case "V":
      return [null, offset];
    case "F": {
      const end = offset + 4 + buf.readUInt32BE(offset);
      offset += 4;
      const out: JsonObject = {};
      while (offset < end) {
        const keyLength = buf.readUInt8(offset);
        const key = buf.toString("utf8", offset + 1, offset + 1 + keyLength);
        const [value, next] = readItem(buf, offset + 1 + keyLength);
        out[key] = value;
        offset = next;
      }
      return [out, end];
    }
    case "A": {
      const end = offset + 4 + buf.readUInt32BE(offset);
      offset += 4;
      const out: JsonValue[] = [];
      while (offset < end) {
        const [value, next] = readItem(buf, offset);
        out.push(value);
        offset = next;
      }
      return [out, end];
    }
    default:
      throw new Error(`py-amqp cannot read type ${JSON.stringify(type)}`);
  }
}

describe("toAmqpTable", () => {
  it("shows the problem: amqplib's own choice of 's' for 16-bit ints breaks py-amqp", () => {
    const input = { clock: 300, expires: 1795362167.26 };
    const misread = (() => {
      try {
        return pyAmqpReadTable(encode(input));
      } catch (error) {
        return error;
      }
    })();
    expect(misread).not.toEqual(input);
    expect(pyAmqpReadTable(encode({ retries: -1 }))).toEqual({ retries: 255 });
  });

  it("writes pidbox headers py-amqp reads back exactly", () => {
    for (const clock of [0, 1, 127, 128, 300, 40_000, 2 ** 31 - 1, 2 ** 31, 2 ** 40]) {
      const headers = broadcastHeaders(clock, 1_000, 1_795_362_166_263);
      expect(pyAmqpReadTable(encode(toAmqpTable(headers)))).toEqual(headers);
    }
  });

  it("writes task headers py-amqp reads back exactly", () => {
    const message = buildTaskMessage({
      name: "bloom_sample.add",
      args: [1, 2],
      kwargs: { "é": "ü" },
      retries: 300,
      groupIndex: 70_000,
      groupId: "g",
      timeLimit: 3_600,
      softTimeLimit: 1.5,
      countdown: 10,
      origin: "bloom1@host",
    });
    expect(pyAmqpReadTable(encode(toAmqpTable(message.headers)))).toEqual(message.headers);
  });

  it("keeps negative and large numbers readable", () => {
    const headers = { a: -1, b: -40_000, c: -(2 ** 40), d: 2 ** 53 - 1, e: 0.5, f: [1, [300, null]], g: { h: 128 } };
    expect(pyAmqpReadTable(encode(toAmqpTable(headers)))).toEqual(headers);
  });

  it("refuses a key amqplib would take for its type marker", () => {
    expect(() => toAmqpTable({ nested: { "!": "int", value: 1 } })).toThrow(ControlError);
  });
});
