import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", ".bloom/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "scripts/schema-engine-wasm.mjs"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The protocol library stays framework-free (STYLE.md): no Next, React, Prisma or broker clients.
    files: ["lib/celery/**/*.ts"],
    ignores: ["lib/celery/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["next", "next/*", "react", "react-dom", "@prisma/*", "ioredis", "amqplib", "pg", "@/lib/db/*", "@/lib/repositories/*"] }],
    },
  },
]);
