#!/usr/bin/env node
// `bloom` / `npx bloom`: runs the TypeScript CLI (lib/cli/main.ts) through tsx, the loader
// scripts/start.sh uses for worker/start.ts, with the project's tsconfig wherever it is run from.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch {
  process.stderr.write(`bloom: the npm packages are not installed; run \`npm install\` in ${root} (or \`npm start\` once)\n`);
  process.exit(1);
}
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
