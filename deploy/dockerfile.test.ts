import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WEB_BUNDLE } from "@/worker/launcher/process-bundles";

/**
 * The Dockerfile, checked without a Docker engine: a small parser (line continuations,
 * comments, build ARGs) and the rules the image promises — stages, pinned base images, a
 * non-root user, a healthcheck, no remote ADD, explicit ownership of what the runtime gets,
 * and sources that exist and are not hidden by .dockerignore.
 */
const projectRoot = path.resolve(import.meta.dirname, "..");

type Instruction = { keyword: string; args: string; line: number };
type Stage = { name: string | undefined; image: string; instructions: Instruction[] };

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === "" && (line.trim() === "" || line.trimStart().startsWith("#"))) return;
    if (pending !== "" && line.trimStart().startsWith("#")) return; // comments inside a continuation
    if (pending === "") start = index + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = "";
    const match = /^(\w+)\s+([\s\S]*)$/.exec(full);
    if (!match) throw new Error(`line ${start}: cannot parse ${JSON.stringify(full)}`);
    instructions.push({ keyword: (match[1] ?? "").toUpperCase(), args: (match[2] ?? "").trim(), line: start });
  });
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = instruction.args.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === "AS" ? name : undefined, image, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== "ARG") throw new Error(`line ${instruction.line}: only ARG may come before FROM`);
      const [name = "", value = ""] = instruction.args.split("=");
      args.set(name, value);
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { args, stages };
}

const { args, stages } = parseDockerfile(fs.readFileSync(path.join(projectRoot, "Dockerfile"), "utf8"));
const resolve = (image: string) => image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? "") ?? "");
const runtime = stages.at(-1)!;
const flagsOf = (instruction: Instruction) => [...instruction.args.matchAll(/--(\w[\w-]*)=(\S+)/g)].map((match) => [match[1] ?? "", match[2] ?? ""] as const);
const operandsOf = (instruction: Instruction) => instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));

describe("Dockerfile", () => {
  it("builds in named stages, from pinned Node 20 images, never :latest", () => {
    expect(stages.map((stage) => stage.name)).toEqual(["deps", "build", "runtime"]);
    for (const stage of stages) {
      const image = resolve(stage.image);
      if (stages.some((other) => other.name === image)) continue; // FROM an earlier stage
      expect(image, stage.name).toMatch(/^node:20\.\d+(\.\d+)?-bookworm-slim$/);
    }
  });

  it("copies from earlier stages only", () => {
    stages.forEach((stage, index) => {
      for (const instruction of stage.instructions.filter((candidate) => candidate.keyword === "COPY")) {
        const from = flagsOf(instruction).find(([flag]) => flag === "from")?.[1];
        if (from !== undefined) expect(stages.slice(0, index).map((earlier) => earlier.name), `line ${instruction.line}`).toContain(from);
      }
    });
  });

  it("installs the npm packages from the lock file before copying the sources (layer cache)", () => {
    const deps = stages[0]!;
    const copy = deps.instructions.find((instruction) => instruction.keyword === "COPY");
    expect(operandsOf(copy!)).toEqual(["package.json", "package-lock.json", "./"]);
    expect(deps.instructions.find((instruction) => instruction.keyword === "RUN")?.args).toMatch(/^npm (ci|install) /);
  });

  it("never ADDs (so nothing is fetched from a URL at build time)", () => {
    for (const stage of stages) {
      for (const instruction of stage.instructions.filter((candidate) => candidate.keyword === "ADD")) {
        expect(instruction.args, `line ${instruction.line}`).not.toMatch(/https?:\/\//);
      }
      expect(stage.instructions.filter((instruction) => instruction.keyword === "ADD")).toEqual([]);
    }
  });

  it("runs as a non-root user, which owns only Next's build folder; the code is root's", () => {
    const users = runtime.instructions.filter((instruction) => instruction.keyword === "USER");
    expect(users).toHaveLength(1);
    const user = users[0]!.args;
    expect(user.split(":")[0]).not.toMatch(/^(root|0)$/);
    expect(runtime.instructions.find((instruction) => instruction.keyword === "RUN" && /useradd .*--uid 10001/.test(instruction.args))).toBeDefined();
    const copies = runtime.instructions.filter((instruction) => instruction.keyword === "COPY");
    for (const copy of copies) expect(flagsOf(copy).some(([flag]) => flag === "chown"), `line ${copy.line}: COPY without --chown`).toBe(true);
    const owned = copies.filter((copy) => flagsOf(copy).some(([flag, value]) => flag === "chown" && value !== "root:root"));
    expect(owned.map((copy) => operandsOf(copy))).toEqual([["/app/web-build/", "./"]]);
    // USER comes after everything that needs root, and before the command
    const order = runtime.instructions.map((instruction) => instruction.keyword);
    expect(order.lastIndexOf("RUN")).toBeLessThan(order.indexOf("USER"));
    expect(order.indexOf("USER")).toBeLessThan(order.indexOf("CMD"));
  });

  it("has a HEALTHCHECK on /healthcheck and starts the web server (exec form)", () => {
    const healthcheck = runtime.instructions.find((instruction) => instruction.keyword === "HEALTHCHECK");
    expect(healthcheck?.args).toMatch(/CMD \["node", "scripts\/healthcheck\.mjs", "web"\]$/);
    expect(fs.readFileSync(path.join(projectRoot, "scripts/healthcheck.mjs"), "utf8")).toContain("/healthcheck`");
    const cmd = runtime.instructions.find((instruction) => instruction.keyword === "CMD");
    expect(JSON.parse(cmd?.args ?? "null")).toEqual(["node", WEB_BUNDLE]);
    const port = runtime.instructions.find((instruction) => instruction.keyword === "EXPOSE")?.args;
    expect(runtime.instructions.find((instruction) => instruction.keyword === "ENV")?.args).toContain(`BLOOM_PORT=${port}`);
  });

  it("copies into the runtime only what exists in the repository (or the build makes) and .dockerignore lets through", () => {
    const tracked = new Set(execFileSync("git", ["ls-files"], { cwd: projectRoot, encoding: "utf8" }).split("\n").map((file) => file.split("/")[0]));
    const built = new Set(["node_modules", "web-build", ".bloom"]);
    const ignored = fs
      .readFileSync(path.join(projectRoot, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("!"));
    for (const copy of runtime.instructions.filter((instruction) => instruction.keyword === "COPY")) {
      for (const source of operandsOf(copy).slice(0, -1)) {
        const top = source.replace(/^\/app\//, "").split("/")[0] ?? "";
        expect(tracked.has(top) || built.has(top), `line ${copy.line}: ${source} is not in the repository`).toBe(true);
        if (!built.has(top)) expect(ignored, `line ${copy.line}: ${source} is excluded by .dockerignore`).not.toContain(top);
      }
    }
    for (const secret of [".env", ".bloom", "node_modules", ".git"]) expect(ignored, secret).toContain(secret);
    // A build made on the host (any prefix) must not slip into the image in place of the image's own.
    for (const hostBuild of [".next", ".next-*", "web-build", ".bloom"]) expect(ignored, hostBuild).toContain(hostBuild);
  });

  it("builds the web app for the BLOOM_URL_PREFIX build argument with Bloom's build, and ships that build", () => {
    const build = stages.find((stage) => stage.name === "build")!;
    const keywordArgs = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
    for (const stage of [build, runtime]) {
      expect(keywordArgs(stage, "ARG"), stage.name).toContain('BLOOM_URL_PREFIX=""');
      expect(keywordArgs(stage, "ENV").join(" "), stage.name).toMatch(/BLOOM_URL_PREFIX=\$\{BLOOM_URL_PREFIX\}/);
    }
    const run = keywordArgs(build, "RUN").join(" && ").replace(/\s+/g, " ");
    // `next build` alone would ignore BLOOM_URL_PREFIX (next.config.mjs reads the normalised BLOOM_BASE_PATH).
    expect(run).not.toMatch(/next build/);
    expect(run).toMatch(/npm run build .*&& mkdir web-build && mv \.next\* web-build\//);
    const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(packageJson.scripts.build).toBe("node --import tsx worker/launcher/build.ts");
    expect(fs.existsSync(path.join(projectRoot, "worker/launcher/build.ts"))).toBe(true);
  });
});
