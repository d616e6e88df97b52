import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/openapi/document";
import { API_V1_OPERATIONS } from "@/lib/openapi/operations";

/** The version of /api/v1's contract (not Bloom's release): additions keep it, breaking changes would move to /api/v2. */
export const API_V1_VERSION = "1.0.0";

let cached: OpenApiDocument | undefined;

/** Built once per process: it depends on nothing but the code. */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(API_V1_OPERATIONS, API_V1_VERSION);
  return cached;
}
