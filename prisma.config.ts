import "dotenv/config";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// Offline: use the wasm schema engine instead of the native binary Prisma would download.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL("./scripts/schema-engine-wasm.mjs", import.meta.url));

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // `prisma generate` needs no database; migrate/db commands get DATABASE_URL from the
  // launcher (embedded or configured) and fail with Prisma's own message without it.
  ...(process.env.DATABASE_URL
    ? {
        datasource: {
          url: process.env.DATABASE_URL,
          // only needed where the server cannot CREATE DATABASE a throwaway shadow DB
          ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
        },
      }
    : {}),
});
