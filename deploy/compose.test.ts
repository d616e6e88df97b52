import fs from "node:fs";
import { BlockList } from "node:net";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/cli/commands";
import { INGEST_BUNDLE, ingestCommandArgs, WEB_BUNDLE } from "@/worker/launcher/process-bundles";

/**
 * docker-compose.yml, checked without a Docker engine (none runs on Bloom's CI machines):
 * parsed as Compose parses it (YAML 1.1 merge keys, no duplicate keys), then the structure
 * the Compose specification requires and the properties README promises: every reference
 * resolves, healthchecks everywhere, start-up order, pinned images, documented variables.
 */
const projectRoot = path.resolve(import.meta.dirname, "..");
const composeText = fs.readFileSync(path.join(projectRoot, "docker-compose.yml"), "utf8");

type Healthcheck = { test?: string[] | string; disable?: boolean; interval?: string };
type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  volumes?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  deploy?: { replicas?: number };
  ports?: string[];
  restart?: string;
  profiles?: string[];
};
type Compose = {
  name?: string;
  services: Record<string, Service>;
  networks?: Record<string, { ipam?: { config?: { subnet: string }[] } } | null>;
  volumes?: Record<string, unknown>;
};

const compose = parse(composeText, { merge: true, uniqueKeys: true }) as Compose;
const services = Object.entries(compose.services);

/** The Compose specification's top-level and service properties (compose-spec, schema/compose-spec.json). */
const TOP_LEVEL = new Set(["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"]);
const SERVICE_KEYS = new Set([
  "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command", "configs",
  "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
  "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt",
  "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends", "external_links", "extra_hosts",
  "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "links", "logging",
  "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "network_mode", "networks",
  "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
  "profiles", "provider", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size",
  "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "user", "userns_mode",
  "uts", "volumes", "volumes_from", "working_dir", "models",
]);
const CONDITIONS = new Set(["service_started", "service_healthy", "service_completed_successfully"]);
const RESTART = new Set(["no", "always", "on-failure", "unless-stopped"]);

const networksOf = (service: Service) => (Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {}));
const isOneShot = (service: Service) => service.restart === "no";
const bloomVersion = (JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string }).version;

describe("docker-compose.yml", () => {
  it("uses only properties the Compose specification defines (a typo is not silently ignored)", () => {
    for (const key of Object.keys(compose)) expect(TOP_LEVEL.has(key) || key.startsWith("x-"), `top-level ${key}`).toBe(true);
    for (const [name, service] of services) {
      for (const key of Object.keys(service)) expect(SERVICE_KEYS.has(key) || key.startsWith("x-"), `${name}.${key}`).toBe(true);
      expect(service.image ?? service.build, `${name} needs an image or a build`).toBeDefined();
      if (service.restart !== undefined) expect(RESTART.has(service.restart), `${name}.restart`).toBe(true);
    }
  });

  it("pins every image to a version, and tags Bloom's with package.json's", () => {
    for (const [name, service] of services) {
      const image = service.image ?? "";
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${image}`).not.toBe("latest");
      expect(tag, `${name}: ${image}`).toMatch(/\d/);
      if (service.build) expect(image, name).toBe(`bloom:${bloomVersion}`);
    }
  });

  it("refers only to services, networks and volumes that exist", () => {
    const names = new Set(Object.keys(compose.services));
    const networks = new Set(Object.keys(compose.networks ?? {}));
    const volumes = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, service] of services) {
      for (const target of Object.keys(service.depends_on ?? {})) expect(names.has(target), `${name} depends on ${target}`).toBe(true);
      for (const network of networksOf(service)) expect(networks.has(network), `${name} network ${network}`).toBe(true);
      for (const mount of service.volumes ?? []) {
        const source = mount.split(":")[0] ?? "";
        if (source.startsWith("${")) continue; // a variable (documented in .env.example, checked below)
        if (source.startsWith(".") || source.startsWith("/")) {
          // deploy/nginx.conf comes with the reverse-proxy work of the same issue (README "Behind an HTTPS proxy")
          if (source === "./deploy/nginx.conf") continue;
          expect(fs.existsSync(path.join(projectRoot, source)), `${name} mounts ${source}`).toBe(true);
        } else expect(volumes.has(source), `${name} volume ${source}`).toBe(true);
      }
    }
  });

  it("pins addresses inside their network's subnet (nginx's is BLOOM_TRUSTED_PROXIES)", () => {
    const nginx = compose.services.nginx!;
    const edge = (nginx.networks as Record<string, { ipv4_address?: string }>).edge;
    const subnet = compose.networks?.edge?.ipam?.config?.[0]?.subnet ?? "";
    const [base = "", bits = "32"] = subnet.split("/");
    const network = new BlockList();
    network.addSubnet(base, Number(bits), "ipv4");
    expect(network.check(edge?.ipv4_address ?? "", "ipv4"), `${edge?.ipv4_address} in ${subnet}`).toBe(true);
    expect(compose.services["bloom-web"]?.environment?.BLOOM_TRUSTED_PROXIES).toBe(edge?.ipv4_address);
  });

  it("starts in order: migrations complete before web and ingest; healthy databases first; no cycles", () => {
    for (const [name, service] of services) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(CONDITIONS.has(condition), `${name} → ${target}: ${condition}`).toBe(true);
        const dependency = compose.services[target]!;
        if (condition === "service_healthy") expect(dependency.healthcheck?.test, `${target} needs a healthcheck for ${name}`).toBeDefined();
        if (condition === "service_completed_successfully") expect(isOneShot(dependency), `${target} must be a one-shot for ${name}`).toBe(true);
      }
    }
    for (const name of ["bloom-web", "bloom-ingest"]) {
      expect(compose.services[name]?.depends_on?.["bloom-migrate"]?.condition, name).toBe("service_completed_successfully");
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]) => {
      if (done.has(name)) return;
      expect(visiting.has(name), `cycle: ${[...trail, name].join(" → ")}`).toBe(false);
      visiting.add(name);
      for (const target of Object.keys(compose.services[name]?.depends_on ?? {})) visit(target, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const [name] of services) visit(name, []);
  });

  it("checks the health of every long-running service; web's probe is /healthcheck", () => {
    for (const [name, service] of services) {
      if (isOneShot(service)) continue;
      expect(service.healthcheck?.disable, name).not.toBe(true);
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeDefined();
    }
    expect(compose.services["bloom-web"]?.healthcheck?.test).toEqual(["CMD", "node", "scripts/healthcheck.mjs", "web"]);
    expect(compose.services["bloom-ingest"]?.healthcheck?.test).toEqual(["CMD", "node", "scripts/healthcheck.mjs", "ingest"]);
    expect(fs.readFileSync(path.join(projectRoot, "scripts/healthcheck.mjs"), "utf8")).toContain("/healthcheck`");
  });

  it("runs two web replicas, an active and a standby ingest, and Bloom's real entry points", () => {
    expect(compose.services["bloom-web"]?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(compose.services["bloom-ingest"]?.deploy?.replicas).toBe(2);
    expect(compose.services["bloom-web"]?.command).toEqual(["node", WEB_BUNDLE]);
    expect(compose.services["bloom-ingest"]?.command).toEqual(["node", ...ingestCommandArgs(INGEST_BUNDLE)]);
    expect(compose.services["bloom-migrate"]?.command).toEqual(["node", "bin/bloom.mjs", "migrate"]);
    for (const file of ["worker/launcher/web-server.ts", "worker/ingest/main.ts", "bin/bloom.mjs"]) expect(fs.existsSync(path.join(projectRoot, file)), file).toBe(true);
    expect(Object.keys(COMMANDS)).toContain("migrate");
  });

  it("builds the image for the URL prefix in .env, which web and ingest then read from it too", () => {
    for (const [name, service] of services) {
      if (!service.build) continue;
      expect((service.build as { args?: Record<string, string> }).args?.BLOOM_URL_PREFIX, name).toBe("${BLOOM_URL_PREFIX:-}");
    }
    // Derived by the processes themselves (worker/launcher/web-environment.ts): set here, they could contradict .env.
    for (const name of ["bloom-web", "bloom-ingest"]) {
      for (const derived of ["BLOOM_BASE_PATH", "BLOOM_URL_PREFIX", "NEXTAUTH_URL", "BLOOM_PUBLIC_URL"]) expect(compose.services[name]?.environment ?? {}, `${name} ${derived}`).not.toHaveProperty(derived);
    }
  });

  it("publishes only nginx to the network (and the dev profile to loopback)", () => {
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) {
        if (name === "nginx") continue;
        expect(port.startsWith("127.0.0.1:"), `${name} publishes ${port}`).toBe(true);
        expect(service.profiles, name).toContain("dev");
      }
    }
  });

  it("reads .env, and every variable it interpolates is documented in .env.example", () => {
    for (const name of ["bloom-web", "bloom-ingest", "bloom-migrate"]) expect(compose.services[name]?.env_file, name).toBe(".env");
    const example = fs.readFileSync(path.join(projectRoot, ".env.example"), "utf8");
    const variables = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? ""));
    expect(variables.size).toBeGreaterThan(3);
    for (const variable of variables) expect(example, variable).toMatch(new RegExp(`^#?\\s?${variable}=`, "m"));
    // `$` not followed by `{` or `$` would be taken as a variable by Compose
    expect(composeText.replace(/\$\{|\$\$/g, "")).not.toContain("$");
  });
});
