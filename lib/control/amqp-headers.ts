import type { JsonObject, JsonValue } from "@/lib/celery/json-value";
import { ControlError } from "./control-error";

/** amqplib's escape hatch for choosing a field-table type: `{ "!": type, value }`. */
type TypedValue = { "!": "int" | "long" | "double"; value: number };
export type AmqpFieldValue = null | boolean | string | TypedValue | AmqpFieldValue[] | { [key: string]: AmqpFieldValue };

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Header tables as py-amqp (Celery's AMQP client) can read them. amqplib picks the smallest
 * integer type by itself: 'b' for -128..127, 's' for 16-bit, 'I', 'l'. py-amqp 5 reads 's'
 * as a *short string* and 'b' as unsigned, so a header like `clock: 300` or `timelimit:
 * [300, null]` desynchronises its parser and the worker dies with "Unrecoverable error:
 * UnicodeDecodeError" (seen in this suite before this mapping existed). py-amqp itself writes
 * ints as 'I' (32-bit) or 'L' (64-bit) and floats as 'd'; Bloom writes 'I', 'l' (amqplib has
 * no 'L'; py-amqp reads 'l' as unsigned 64-bit, right for the non-negative values that need it)
 * and 'd', which every AMQP 0-9-1 reader of RabbitMQ's dialect decodes the same way.
 */
export function toAmqpTable(headers: JsonObject): { [key: string]: AmqpFieldValue } {
  return toTable(headers, "headers");
}

function toTable(value: JsonObject, path: string): { [key: string]: AmqpFieldValue } {
  // amqplib reads any object with an own "!" key as a typed value, so such a key cannot be sent.
  if (Object.hasOwn(value, "!")) throw new ControlError("invalid_argument", `${path} has a key "!" that AMQP headers cannot carry`, path);
  const out: { [key: string]: AmqpFieldValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    Object.defineProperty(out, key, { value: toField(item, `${path}.${key}`), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function toField(value: JsonValue, path: string): AmqpFieldValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return { "!": "int", value };
    if (Number.isSafeInteger(value) && value > 0) return { "!": "long", value };
    return { "!": "double", value };
  }
  if (Array.isArray(value)) return value.map((item, i) => toField(item, `${path}.${i}`));
  return toTable(value, path);
}
