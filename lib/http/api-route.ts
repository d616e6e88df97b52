import type { z } from "zod";
import type { ApiOperation } from "@/lib/openapi/registry";
import { withApi } from "./with-api";

type Handler<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, K extends string> = (
  input: Parameters<Parameters<typeof withApi<Q, B, Record<K, string>>>[1]>[0],
) => Promise<z.input<R> | Response>;

/**
 * A /api/v1 route from its documented operation: the same access rule and the same query and
 * body schemas the OpenAPI document shows, and a handler whose answer the compiler checks
 * against the documented response; the path's parameters are the ones the operation names.
 */
export function apiRoute<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, K extends string>(operation: ApiOperation<Q, B, R, K>, handler: Handler<Q, B, R, K>) {
  return withApi<Q, B, Record<K, string>>({ access: operation.access, ...(operation.query ? { query: operation.query } : {}), ...(operation.body ? { body: operation.body } : {}) }, handler);
}
