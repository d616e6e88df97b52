import { z } from "zod";
import type { ApiOperation } from "./registry";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject>; securitySchemes: Record<string, JsonObject> };
  tags: { name: string; description: string }[];
};

export const OPENAPI_VERSION = "3.1.0";

const SECURITY_SCHEMES = {
  bearerToken: { type: "http", scheme: "bearer", description: "An API token from the Access page (`bloom_…`): scope `read` acts as a viewer, `admin` as an admin." },
  basicAuth: { type: "http", scheme: "basic", description: "A configured or stored password user (Flower's `--basic_auth`)." },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description: "The console's sign-in session (`__Secure-next-auth.session-token` over https). Writes must come from Bloom's own origin.",
  },
} satisfies Record<string, JsonObject>;

const TAGS = [
  { name: "tasks", description: "Stored tasks: the tasks page's filters with cursor pages, one task with its family, its event timeline, exports." },
  { name: "workers", description: "Workers as Bloom stores them (heartbeats, last inspect replies), and live inspect commands." },
  { name: "control", description: "Acting on workers and tasks: admin only, every call audited." },
  { name: "system", description: "Rollup statistics, queues, health, the audit log and this document." },
];

const errorSchema: JsonObject = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } },
  required: ["error"],
};

const STANDARD_ERRORS: Record<string, string> = {
  "400": "A parameter or the body is invalid; the message starts with its name.",
  "401": "No credentials, or credentials Bloom does not accept.",
  "403": "The role may not do this (viewers act on nothing).",
  "500": "An unexpected failure; the server's log has the details.",
};

/**
 * Bloom's API as an OpenAPI 3.1 document, built from the operations' zod schemas with zod's
 * own JSON Schema generator (2020-12, the dialect OpenAPI 3.1 uses). Query schemas are
 * rendered as their *input* (what a URL carries), responses as their output.
 */
export function buildOpenApiDocument(operations: readonly ApiOperation[], version: string): OpenApiDocument {
  const components = new SchemaComponents();
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    const method = operation.method.toLowerCase();
    if (item[method]) throw new Error(`${operation.method} ${operation.path} is described twice`);
    item[method] = operationObject(operation, components);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "Bloom API",
      version,
      description:
        "Bloom's own API, beside the Flower-compatible one (/api/workers, /api/tasks, /api/task/...). Reads need a viewer, " +
        "control needs an admin (`x-bloom-access`). Errors are `{\"error\": {\"code\", \"message\"}}`. Times are epoch milliseconds unless a field says otherwise.",
    },
    tags: TAGS,
    paths,
    components: {
      schemas: { Error: errorSchema, ...components.all() },
      responses: Object.fromEntries(
        [...Object.entries(STANDARD_ERRORS), ["404", "No such task, worker or command."] as const].map(([status, description]) => [
          `Error${status}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function operationObject(operation: ApiOperation, components: SchemaComponents): JsonObject {
  const prefix = upperFirst(operation.operationId);
  const parameters: Json[] = [
    ...Object.entries(operation.pathParams ?? {}).map(([name, param]) => ({
      name,
      in: "path",
      required: true,
      description: param.description,
      schema: pathSchema(param.enum),
      example: param.example,
    })),
    ...(operation.query ? queryParameters(operation.query, operation.queryExample ?? {}, components, `${prefix}Query`) : []),
  ];
  const responses: JsonObject = {
    "200": {
      description: "OK",
      content: {
        "application/json": { schema: components.schemaOf(operation.response, "output", `${prefix}Response`) },
        ...Object.fromEntries(Object.entries(operation.alternatives ?? {}).map(([type, schema]) => [type, { schema: components.schemaOf(schema, "output", `${prefix}Alt`) }])),
      },
    },
  };
  for (const status of Object.keys(STANDARD_ERRORS)) responses[status] = { $ref: `#/components/responses/Error${status}` };
  for (const [status, description] of Object.entries(operation.errors ?? {})) {
    responses[status] =
      status === "503" && operation.access === "public"
        ? { description, content: { "application/json": { schema: components.schemaOf(operation.response, "output", `${prefix}Response`) } } }
        : { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  const out: JsonObject = {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    parameters,
    responses,
    security: operation.access === "public" ? [] : [{ bearerToken: [] }, { basicAuth: [] }, { sessionCookie: [] }],
    "x-bloom-access": operation.access,
  };
  if (operation.body) {
    out.requestBody = {
      // A body every field of which may be left out can be omitted altogether.
      required: !operation.body.safeParse({}).success,
      content: {
        "application/json": {
          schema: components.schemaOf(operation.body, "input", `${prefix}Body`),
          ...(operation.bodyExample === undefined ? {} : { example: operation.bodyExample as Json }),
        },
      },
    };
  }
  return out;
}

function pathSchema(values: readonly string[] | undefined): JsonObject {
  return values ? { type: "string", enum: [...values] } : { type: "string" };
}

/** One parameter per property of the query object; arrays repeat (`?state=A&state=B`), as OpenAPI's default form style says. */
function queryParameters(query: z.ZodType, examples: Record<string, string>, components: SchemaComponents, name: string): Json[] {
  const schema = components.schemaOf(query, "input", name);
  if (schema.type !== "object" || typeof schema.properties !== "object" || schema.properties === null || Array.isArray(schema.properties)) {
    throw new Error(`${name}: a query schema must be an object`);
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of Object.keys(examples)) if (!(key in schema.properties)) throw new Error(`${name}: example for unknown parameter ${key}`);
  return Object.entries(schema.properties).map(([param, raw]) => {
    const property = { ...(raw as JsonObject) };
    const description = typeof property.description === "string" ? property.description : undefined;
    delete property.description;
    return {
      name: param,
      in: "query",
      required: required.includes(param),
      ...(description ? { description } : {}),
      schema: property,
      ...(examples[param] === undefined ? {} : { example: typedExample(examples[param], property) }),
    };
  });
}

/** A URL's example text as the value its schema describes: lists split at commas, numbers as numbers. */
function typedExample(text: string, schema: JsonObject): Json {
  if (schema.type === "array") return text.split(",");
  if (schema.type === "integer" || schema.type === "number") return Number(text);
  if (schema.type === "boolean") return text === "true";
  return text;
}

/**
 * zod writes the parts a schema repeats or recurses into as `$defs` with `#/$defs/...`
 * references. Inside an OpenAPI document `#` is the document, not the schema, so those
 * definitions move to components.schemas and the references follow them.
 */
class SchemaComponents {
  private readonly schemas = new Map<string, JsonObject>();

  schemaOf(schema: z.ZodType, io: "input" | "output", name: string): JsonObject {
    const json = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonObject;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonObject>;
    delete json.$defs;
    const renamed = new Map<string, string>();
    for (const key of Object.keys(defs)) renamed.set(key, key.startsWith("__") ? `${name}${upperFirst(key.replace(/^_+/, ""))}` : key);
    const rewrite = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== "object") return value;
      const out: JsonObject = {};
      for (const [key, inner] of Object.entries(value)) {
        if (key === "$ref" && typeof inner === "string") {
          const target = /^#\/\$defs\/(.+)$/.exec(inner)?.[1];
          if (target === undefined || !renamed.has(target)) throw new Error(`${name}: unsupported reference ${inner} (give recursive schemas a .meta({ id }))`);
          out[key] = `#/components/schemas/${renamed.get(target)}`;
        } else {
          out[key] = rewrite(inner);
        }
      }
      return out;
    };
    for (const [key, def] of Object.entries(defs)) this.add(renamed.get(key) ?? key, rewrite(def) as JsonObject);
    return rewrite(json) as JsonObject;
  }

  private add(name: string, schema: JsonObject): void {
    const existing = this.schemas.get(name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) throw new Error(`two different schemas are named ${name}`);
    this.schemas.set(name, schema);
  }

  all(): Record<string, JsonObject> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
