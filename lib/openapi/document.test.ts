import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getOpenApiDocument } from "@/lib/services/openapi";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";
import { API_V1_OPERATIONS } from "./operations";
import { defineOperation } from "./registry";

const V1_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** `app/api/v1/tasks/[id]/route.ts` exporting GET and POST → ["GET /api/v1/tasks/{id}", "POST ..."]. */
function routeOperations(): string[] {
  return (fs.readdirSync(V1_DIR, { recursive: true }) as string[])
    .filter((file) => /(^|\/)route\.ts$/.test(file))
    .flatMap((file) => {
      const urlPath = `/api/v1/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}");
      const source = fs.readFileSync(path.join(V1_DIR, file), "utf8");
      const methods = [...source.matchAll(/^export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((match) => match[1]);
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      return methods.map((method) => `${method} ${urlPath}`);
    });
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The structural rules of OpenAPI 3.1 that a generator can get wrong: version, info, path
 * templates and their parameters, operation ids, responses, request bodies, security
 * requirements naming declared schemes, and every $ref resolving inside the document.
 */
function openApiProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(doc)) return ["the document is not an object"];
  if (typeof doc.openapi !== "string" || !/^3\.1\.\d+$/.test(doc.openapi)) problems.push(`openapi: ${String(doc.openapi)} is not 3.1.x`);
  if (!isObj(doc.info) || typeof doc.info.title !== "string" || typeof doc.info.version !== "string") problems.push("info needs title and version");
  if (!isObj(doc.paths)) return [...problems, "paths must be an object"];
  const components = isObj(doc.components) ? doc.components : {};
  const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObj(scheme) || !["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"].includes(String(scheme.type))) problems.push(`securitySchemes.${name}: bad type`);
    else if (scheme.type === "http" && typeof scheme.scheme !== "string") problems.push(`securitySchemes.${name}: http needs scheme`);
    else if (scheme.type === "apiKey" && (typeof scheme.name !== "string" || !["query", "header", "cookie"].includes(String(scheme.in)))) problems.push(`securitySchemes.${name}: apiKey needs name and in`);
  }
  const operationIds = new Set<string>();
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!template.startsWith("/")) problems.push(`${template}: paths start with /`);
    if (!isObj(item)) {
      problems.push(`${template}: not a path item`);
      continue;
    }
    const templated = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${template}`;
      if (!HTTP_METHODS.includes(method)) problems.push(`${where}: unknown method`);
      if (!isObj(operation)) {
        problems.push(`${where}: not an operation`);
        continue;
      }
      if (typeof operation.operationId !== "string" || operationIds.has(operation.operationId)) problems.push(`${where}: missing or duplicate operationId`);
      operationIds.add(String(operation.operationId));
      const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
      const seen = new Set<string>();
      for (const parameter of parameters) {
        if (!isObj(parameter) || typeof parameter.name !== "string" || !["query", "header", "path", "cookie"].includes(String(parameter.in))) {
          problems.push(`${where}: a parameter needs name and in`);
          continue;
        }
        const key = `${String(parameter.in)}:${parameter.name}`;
        if (seen.has(key)) problems.push(`${where}: parameter ${key} twice`);
        seen.add(key);
        if (!isObj(parameter.schema) && !isObj(parameter.content)) problems.push(`${where}: parameter ${parameter.name} needs a schema`);
        if (parameter.in === "path" && parameter.required !== true) problems.push(`${where}: path parameter ${parameter.name} must be required`);
        if (parameter.in === "path" && !templated.includes(parameter.name)) problems.push(`${where}: path parameter ${parameter.name} is not in the template`);
      }
      for (const name of templated) if (!seen.has(`path:${name}`)) problems.push(`${where}: {${name}} is not declared`);
      if (!isObj(operation.responses) || Object.keys(operation.responses).length === 0) problems.push(`${where}: no responses`);
      else {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: response key ${status}`);
          if (!isObj(response) || (typeof response.$ref !== "string" && typeof response.description !== "string")) problems.push(`${where}: response ${status} needs a description`);
        }
      }
      if (operation.requestBody !== undefined && (!isObj(operation.requestBody) || !isObj(operation.requestBody.content))) problems.push(`${where}: requestBody needs content`);
      if (!Array.isArray(operation.security)) problems.push(`${where}: security must be a list`);
      else {
        for (const requirement of operation.security) {
          if (!isObj(requirement)) problems.push(`${where}: a security requirement must be an object`);
          else for (const scheme of Object.keys(requirement)) if (!(scheme in schemes)) problems.push(`${where}: security names undeclared scheme ${scheme}`);
        }
      }
    }
  }
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) value.forEach((inner, i) => visit(inner, `${at}/${i}`));
    if (!isObj(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref") {
        if (typeof inner !== "string" || !inner.startsWith("#/") || resolvePointer(doc, inner) === undefined) problems.push(`${at}: $ref ${String(inner)} does not resolve`);
      } else if (key === "$defs" || key === "$schema") {
        problems.push(`${at}: ${key} left in a schema`);
      } else {
        visit(inner, `${at}/${key}`);
      }
    }
  };
  visit(doc, "#");
  return problems;
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  let current: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObj(current) || !(key in current)) return undefined;
    current = current[key];
  }
  return current;
}

describe("the /api/v1 OpenAPI document", () => {
  const doc: OpenApiDocument = getOpenApiDocument();

  it("describes every route under app/api/v1 (found by walking the folders), and nothing else", () => {
    const documented = Object.entries(doc.paths).flatMap(([template, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${template}`));
    const routes = routeOperations();
    expect(routes).toEqual(expect.arrayContaining(["GET /api/v1/tasks", "GET /api/v1/openapi.json", "POST /api/v1/workers/{hostname}/{command}"]));
    expect([...documented].sort()).toEqual([...routes].sort());
  });

  it("is structurally valid OpenAPI 3.1", () => {
    expect(openApiProblems(doc)).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["basicAuth", "bearerToken", "sessionCookie"]);
  });

  it("says who may call each operation", () => {
    const health = doc.paths["/api/v1/health"]?.get;
    expect(health?.security).toEqual([]);
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (template === "/api/v1/health") continue;
        expect(operation.security, `${method} ${template}`).toHaveLength(3);
        expect(operation["x-bloom-access"], `${method} ${template}`).toBe(method === "get" && template !== "/api/v1/audit" ? "viewer" : "admin");
      }
    }
  });

  it("renders query parameters from the zod schemas, examples included", () => {
    const list = doc.paths["/api/v1/tasks"]?.get;
    const params = (list?.parameters ?? []) as { name: string; in: string; schema: Obj; example?: unknown; required: boolean }[];
    expect(params.map((param) => param.name)).toEqual(expect.arrayContaining(["state", "name", "worker", "queue", "q", "from", "to", "range", "sort", "dir", "after", "before", "limit"]));
    expect(params.find((param) => param.name === "state")).toMatchObject({ in: "query", required: false, example: ["SUCCESS", "FAILURE"], schema: { type: "array" } });
    expect(params.find((param) => param.name === "limit")).toMatchObject({ example: 2, schema: { type: "integer", maximum: 1000 } });
    expect(params.find((param) => param.name === "sort")?.schema).toMatchObject({ enum: ["received", "started", "succeeded", "runtime"] });
    // Every example parses with the route's own schema.
    for (const operation of API_V1_OPERATIONS) {
      if (operation.query && operation.queryExample) expect(operation.query.safeParse(operation.queryExample).success, operation.operationId).toBe(true);
      if (operation.body && operation.bodyExample !== undefined) expect(operation.body.safeParse(operation.bodyExample).success, operation.operationId).toBe(true);
    }
  });

  it("moves recursive schemas into components and points at them there", () => {
    expect(doc.components.schemas.FamilyNode).toMatchObject({ type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/FamilyNode" } } } });
    expect(doc.components.schemas.JsonValue).toBeDefined();
  });

  it("refuses two operations on one method and path, and examples for parameters that do not exist", () => {
    const op = defineOperation({ method: "GET", path: "/api/v1/x", operationId: "x", summary: "x", tag: "system", access: "viewer", response: z.object({}) });
    expect(() => buildOpenApiDocument([op, { ...op, operationId: "y" }], "1")).toThrow(/described twice/);
    const badExample = defineOperation({ ...op, query: z.object({ a: z.string().optional() }), queryExample: { b: "1" } });
    expect(() => buildOpenApiDocument([badExample], "1")).toThrow(/unknown parameter b/);
  });
});
