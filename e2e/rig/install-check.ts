/**
 * Verifies that the Debian packages the rig drives are installed, without
 * installing anything: tests must not run apt behind the developer's back.
 * File checks only (≈ 1 ms), so this can run before every test run.
 */
import { existsSync, readFileSync } from "node:fs";

export const PG_BIN = "/usr/lib/postgresql/15/bin";
export const RABBIT_BIN = "/usr/lib/rabbitmq/bin";
/** Debian's interpreter: the `python3` first on PATH may be a pyenv one without Celery. */
export const PYTHON = "/usr/bin/python3";
const PY_DIST = "/usr/lib/python3/dist-packages";

interface Requirement {
  readonly what: string;
  readonly pkg: string;
  readonly ok: () => boolean;
}

const file = (path: string, pkg: string): Requirement => ({ what: path, pkg, ok: () => existsSync(path) });

const SERVERS: readonly Requirement[] = [
  file(`${PG_BIN}/initdb`, "postgresql"),
  file(`${PG_BIN}/pg_ctl`, "postgresql"),
  file(`${PG_BIN}/postgres`, "postgresql"),
  file("/usr/sbin/runuser", "util-linux"),
  {
    what: "OS user postgres",
    pkg: "postgresql",
    ok: () => readFileSync("/etc/passwd", "utf8").split("\n").some((line) => line.startsWith("postgres:")),
  },
  file("/usr/bin/redis-server", "redis-server"),
  file(`${RABBIT_BIN}/rabbitmq-server`, "rabbitmq-server"),
  file(`${RABBIT_BIN}/rabbitmqctl`, "rabbitmq-server"),
  file("/usr/bin/epmd", "erlang-base (via rabbitmq-server)"),
  file(PYTHON, "python3"),
  file(`${PY_DIST}/celery/__init__.py`, "python3-celery"),
  file(`${PY_DIST}/redis/__init__.py`, "python3-redis"),
  file(`${PY_DIST}/amqp/__init__.py`, "python3-amqp"),
  file(`${PY_DIST}/kombu/__init__.py`, "python3-kombu"),
];

const E2E: readonly Requirement[] = [
  file("/usr/sbin/nginx", "nginx"),
  file("/usr/bin/openssl", "openssl"),
  file("/usr/bin/curl", "curl"),
  file("/usr/bin/chromium", "chromium"),
];

/** Human-readable list of what is missing ("path (package)"), empty when all is there. */
export function missingTestDeps({ e2e = false }: { e2e?: boolean } = {}): string[] {
  const required = e2e ? [...SERVERS, ...E2E] : SERVERS;
  return required.filter((r) => !r.ok()).map((r) => `${r.what} (${r.pkg})`);
}

export function assertTestDepsInstalled(options: { e2e?: boolean } = {}): void {
  const missing = missingTestDeps(options);
  if (missing.length === 0) return;
  throw new Error(
    `rig: missing test dependencies:\n  ${missing.join("\n  ")}\n` +
      `Install them (Debian 12, as root) with:  bash scripts/install-test-deps.sh`,
  );
}
