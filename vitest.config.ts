import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("./", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "unit",
          include: ["{lib,worker,app,components,scripts,bin,deploy}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // Property tests run hundreds of cases; on a busy 2-core machine that can take
          // more than vitest's default 5 s without anything being wrong.
          testTimeout: 30_000,
          // lets memory tests force a collection (e.g. pending-buffer's no-retention check)
          execArgv: ["--expose-gc"],
        },
      },
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "integration",
          include: ["{lib,worker,app,scripts,bin,e2e,prisma}/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["e2e/rig/vitest-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
