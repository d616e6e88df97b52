import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/cli/commands";
import { INGEST_BUNDLE, ingestCommandArgs, WEB_BUNDLE } from "@/worker/launcher/process-bundles";

/**
 * The systemd units, checked by systemd itself (`systemd-analyze verify` works without a
 * running systemd: it parses the units, resolves their dependencies and checks ExecStart's
 * binary) and for the properties README promises: restart policy, environment file,
 * hardening, and entry points that exist.
 */
const run = promisify(execFile);
const unitsDir = path.resolve(import.meta.dirname, "systemd");
const projectRoot = path.resolve(import.meta.dirname, "..");
const UNITS = ["bloom-web.service", "bloom-ingest.service", "bloom-migrate.service"];

type Unit = Map<string, string[]>; // "Section.Key" → values in order

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1] ?? "";
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 1) throw new Error(`not a key=value line: ${line}`);
    const key = `${section}.${line.slice(0, eq)}`;
    unit.set(key, [...(unit.get(key) ?? []), line.slice(eq + 1)]);
  }
  return unit;
}

const units = Object.fromEntries(UNITS.map((name) => [name, parseUnit(fs.readFileSync(path.join(unitsDir, name), "utf8"))]));
const one = (unit: Unit, key: string) => unit.get(key)?.at(-1);

describe("deploy/systemd units", () => {
  it("pass `systemd-analyze verify` without a warning", async () => {
    const { stdout, stderr } = await run("systemd-analyze", ["verify", ...UNITS.map((name) => path.join(unitsDir, name))]);
    expect(stdout + stderr).toBe("");
  });

  it("systemd-analyze verify does complain about a broken unit (so the check above means something)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-units-"));
    try {
      const broken = fs.readFileSync(path.join(unitsDir, "bloom-web.service"), "utf8").replace("Restart=on-failure", "Restart=on-failure\nRestrat=always");
      fs.writeFileSync(path.join(dir, "bloom-web.service"), broken);
      fs.copyFileSync(path.join(unitsDir, "bloom-migrate.service"), path.join(dir, "bloom-migrate.service"));
      const { stderr } = await run("systemd-analyze", ["verify", path.join(dir, "bloom-web.service")]);
      expect(stderr).toContain("Unknown key 'Restrat'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("run unprivileged and hardened, from the environment file", () => {
    for (const [name, unit] of Object.entries(units)) {
      const expectations: Record<string, string> = {
        "Service.User": "bloom",
        "Service.EnvironmentFile": "/etc/bloom/bloom.env",
        "Service.NoNewPrivileges": "yes",
        "Service.ProtectSystem": "strict",
        "Service.ProtectHome": "yes",
        "Service.PrivateTmp": "yes",
        "Service.CapabilityBoundingSet": "",
        "Service.RestrictSUIDSGID": "yes",
        "Service.StateDirectory": "bloom",
      };
      for (const [key, value] of Object.entries(expectations)) expect(one(unit, key), `${name} ${key}`).toBe(value);
      expect(unit.get("Service.ReadWritePaths"), name).toContain("/var/lib/bloom");
      // V8 needs W+X memory; this option would crash node at start
      expect(unit.has("Service.MemoryDenyWriteExecute"), name).toBe(false);
    }
  });

  it("restart web and ingest on failure; both require the one-shot migration first", () => {
    for (const name of ["bloom-web.service", "bloom-ingest.service"]) {
      const unit = units[name]!;
      expect(one(unit, "Service.Restart"), name).toBe("on-failure");
      expect(one(unit, "Unit.Requires"), name).toBe("bloom-migrate.service");
      expect(one(unit, "Unit.After")?.split(/\s+/), name).toContain("bloom-migrate.service");
      expect(one(unit, "Install.WantedBy"), name).toBe("multi-user.target");
    }
    expect(one(units["bloom-migrate.service"]!, "Service.Type")).toBe("oneshot");
  });

  it("start the entry points that exist in the project", () => {
    const exec = (name: string) => (one(units[name]!, "Service.ExecStart") ?? "").split(/\s+/);
    expect(exec("bloom-web.service")).toEqual(["/usr/bin/node", WEB_BUNDLE]);
    expect(exec("bloom-ingest.service")).toEqual(["/usr/bin/node", ...ingestCommandArgs(INGEST_BUNDLE)]);
    expect(exec("bloom-migrate.service")).toEqual(["/usr/bin/node", "bin/bloom.mjs", "migrate"]);
    for (const file of ["worker/launcher/web-server.ts", "worker/ingest/main.ts", "bin/bloom.mjs"]) expect(fs.existsSync(path.join(projectRoot, file)), file).toBe(true);
    expect(Object.keys(COMMANDS)).toContain("migrate");
  });
});
