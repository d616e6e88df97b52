import path from "node:path";
import { describe, expect, it } from "vitest";
import { SOURCES_ENV } from "@/lib/config/setting-sources";
import { UsageError } from "./args";
import { planStart, type ReadFile } from "./start-command";

const cwd = "/srv/app";

/** A fake disk: only the given files exist. */
function disk(files: Record<string, string>): ReadFile {
  return (file) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };
}

function startPlan(args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const plan = planStart(args, env, cwd, disk(files));
  if (plan.kind !== "start") throw new Error(`expected a start plan, got ${plan.kind}`);
  return plan;
}

function usageError(args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}): string {
  try {
    planStart(args, env, cwd, disk(files));
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("planStart", () => {
  it("hands Bloom's processes the resolved variables and where each came from", () => {
    const plan = startPlan(["--port=5600", "--max_tasks", "10"], { FLOWER_BROKER_API: "http://g:g@r:15672/api/", HOME: "/root" });
    expect(plan.env).toMatchObject({ BLOOM_PORT: "5600", BLOOM_MAX_TASKS: "10", BLOOM_BROKER_API: "http://g:g@r:15672/api/", HOME: "/root" });
    expect(JSON.parse(plan.env[SOURCES_ENV] ?? "{}")).toEqual({
      BLOOM_PORT: { kind: "cli", from: "--port" },
      BLOOM_MAX_TASKS: { kind: "cli", from: "--max_tasks" },
      BLOOM_BROKER_API: { kind: "env", from: "FLOWER_BROKER_API" },
    });
    expect(plan.notices).toEqual([]);
  });

  it("does not pass on a stale source record from its own environment", () => {
    const plan = startPlan([], { [SOURCES_ENV]: JSON.stringify({ BLOOM_PORT: { kind: "cli", from: "--port" } }) });
    expect(JSON.parse(plan.env[SOURCES_ENV] ?? "")).toEqual({});
  });

  it("answers --help and --version without validating anything", () => {
    expect(planStart(["--port=abc", "--help"], {}, cwd, disk({}))).toEqual({ kind: "help" });
    expect(planStart(["--version"], {}, cwd, disk({}))).toEqual({ kind: "version" });
  });

  it("names a bad value as the user gave it: flag, variable or conf line", () => {
    expect(usageError(["--port=abc"])).toBe("bloom: configuration error: --port (BLOOM_PORT): must be a number");
    expect(usageError(["--port", "70000"])).toBe("bloom: configuration error: --port (BLOOM_PORT): must be between 1 and 65535");
    expect(usageError([], { FLOWER_PORT: "x" })).toBe("bloom: configuration error: FLOWER_PORT (BLOOM_PORT): must be a number");
    expect(usageError([], { BLOOM_PORT: "x" })).toBe("bloom: configuration error: BLOOM_PORT: must be a number");
    expect(usageError(["-b", "kafka://h:9092"])).toMatch(/^bloom: configuration error: -b \(CELERY_BROKER_URL\): must be a redis:\/\//);
    expect(usageError([], {}, { [path.join(cwd, "flowerconfig.py")]: "\nmax_tasks = -5" })).toBe(
      "bloom: configuration error: flowerconfig.py:2 max_tasks (BLOOM_MAX_TASKS): must be 0 (no limit) or more",
    );
  });

  it("validates the new Flower settings", () => {
    expect(usageError(["--natural_time=sometimes"])).toBe("bloom: configuration error: --natural_time (BLOOM_NATURAL_TIME): must be true or false");
    expect(usageError(["--tasks_columns=name,colour"])).toMatch(/^bloom: configuration error: --tasks_columns \(BLOOM_TASKS_COLUMNS\): unknown column colour; /);
    expect(usageError(["--broker_api=ftp://x"])).toMatch(/^bloom: configuration error: --broker_api \(BLOOM_BROKER_API\): must be an http\(s\) URL/);
    expect(usageError(["--url_prefix=a b"])).toMatch(/^bloom: configuration error: --url_prefix \(BLOOM_URL_PREFIX\): must be a URL path/);
    expect(usageError(["--inspect_timeout=0"])).toMatch(/--inspect_timeout \(BLOOM_INSPECT_TIMEOUT\): must be more than 0/);
    expect(usageError(["--task_runtime_metric_buckets=5,1"])).toMatch(/--task_runtime_metric_buckets \(BLOOM_TASK_RUNTIME_METRIC_BUCKETS\): must be increasing/);
    expect(usageError(["--purge_offline_workers=soon"])).toMatch(/--purge_offline_workers \(BLOOM_WORKER_OFFLINE_MAX_AGE\): must be a duration/);
    expect(usageError(["--logging=loud"])).toMatch(/--logging \(LOG_LEVEL\): /);
  });

  it("validates the sign-in options with the sign-in settings' own rules", () => {
    expect(usageError(["--auth_provider=facebook"])).toMatch(/^bloom: configuration error: --auth_provider \(BLOOM_AUTH_PROVIDER\): must be one of google, github, gitlab, okta, oidc/);
    expect(usageError(["--basic_auth=nocolon"])).toMatch(/^bloom: configuration error: --basic_auth \(BLOOM_BASIC_AUTH\): /);
    expect(usageError(["--oauth2_redirect_uri=not a url"])).toMatch(/^bloom: configuration error: --oauth2_redirect_uri \(BLOOM_OAUTH2_REDIRECT_URI\): /);
    const oauth = ["--auth_provider=flower.views.auth.GithubLoginHandler", "--oauth2_key=id", "--oauth2_secret=s", "--auth=.*@example\\.com"];
    expect(startPlan(oauth).env).toMatchObject({ BLOOM_AUTH_PROVIDER: "flower.views.auth.GithubLoginHandler", BLOOM_AUTH_EMAILS: ".*@example\\.com" });
  });

  it("stops on a bad BLOOM_HEALTH_* threshold, naming it", () => {
    expect(usageError([], { BLOOM_HEALTH_QUEUE_LENGTH_WARNING: "lots" })).toBe("bloom: configuration error: BLOOM_HEALTH_QUEUE_LENGTH_WARNING: must be a number");
  });

  it("reads ./flowerconfig.py when it exists, like Flower, and says so", () => {
    const plan = startPlan([], {}, { [path.join(cwd, "flowerconfig.py")]: "port = 5601\npersistent = True\n" });
    expect(plan.env.BLOOM_PORT).toBe("5601");
    expect(plan.notices).toEqual([
      "bloom: note: flowerconfig.py:2 persistent is accepted but does not apply: Bloom always persists: every event is stored in PostgreSQL",
      "bloom: read 2 settings from flowerconfig.py (as data; it is not executed)",
    ]);
    expect(startPlan([]).env.BLOOM_PORT).toBeUndefined();
  });

  it("reads --conf (or BLOOM_CONF / FLOWER_CONF), relative to the working directory, and refuses a missing one", () => {
    const files = { "/etc/bloom/flower.py": "port = 5602", [path.join(cwd, "conf/f.py")]: "port = 5603" };
    expect(startPlan(["--conf=/etc/bloom/flower.py"], {}, files).env.BLOOM_PORT).toBe("5602");
    expect(startPlan(["--conf", "conf/f.py"], {}, files).env.BLOOM_PORT).toBe("5603");
    expect(startPlan([], { FLOWER_CONF: "/etc/bloom/flower.py" }, files).env.BLOOM_PORT).toBe("5602");
    expect(startPlan(["--conf=conf/f.py"], { BLOOM_CONF: "/etc/bloom/flower.py" }, files).env.BLOOM_PORT).toBe("5603");
    expect(usageError(["--conf=missing.py"], {}, files)).toBe(`bloom: --conf: cannot read ${path.join(cwd, "missing.py")} (ENOENT)`);
    expect(usageError([], { FLOWER_CONF: "gone.py" }, files)).toBe(`bloom: FLOWER_CONF: cannot read ${path.join(cwd, "gone.py")} (ENOENT)`);
  });

  it("refuses a conf file that is code, naming the file and line", () => {
    const files = { [path.join(cwd, "flowerconfig.py")]: "port = 5555\nimport os\n" };
    expect(usageError([], {}, files)).toMatch(/^bloom: flowerconfig.py line 2: `import` is Python code; Bloom reads only `name = value` lines/);
  });
});
