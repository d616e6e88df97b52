import { describe, expect, it } from "vitest";
import { flowerEnvName, OPTIONS, type OptionSpec } from "@/lib/config/flower-options";
import { parseArgs } from "./args";
import { parseFlowerConf } from "./flower-conf";
import { resolveConfiguration } from "./resolve";

type Env = Record<string, string | undefined>;

function resolve(argv: string[], env: Env = {}, confText?: string) {
  const conf = confText === undefined ? undefined : { label: "flowerconfig.py", assignments: parseFlowerConf(confText) };
  return resolveConfiguration({ cli: parseArgs(argv).values, env, conf });
}

const mapped = OPTIONS.filter((option): option is OptionSpec & { target: { kind: "env"; env: string } } => option.target.kind === "env");
const ignored = OPTIONS.filter((option) => option.target.kind === "ignored");

describe("resolveConfiguration: each option lands in its Bloom variable", () => {
  it("maps the options the issue names to Bloom's variables", () => {
    const expected: Record<string, [string, string, string]> = {
      port: ["--port=5600", "BLOOM_PORT", "5600"],
      address: ["--address=0.0.0.0", "BLOOM_ADDRESS", "0.0.0.0"],
      broker: ["--broker=amqp://r//", "CELERY_BROKER_URL", "amqp://r//"],
      broker_api: ["--broker_api=http://g:g@r:15672/api/", "BLOOM_BROKER_API", "http://g:g@r:15672/api/"],
      url_prefix: ["--url_prefix=flower", "BLOOM_URL_PREFIX", "flower"],
      basic_auth: ["--basic_auth=a:1,b:2", "BLOOM_BASIC_AUTH", "a:1,b:2"],
      auth: ["--auth=.*@example\\.com", "BLOOM_AUTH_EMAILS", ".*@example\\.com"],
      auth_provider: ["--auth_provider=flower.views.auth.GithubLoginHandler", "BLOOM_AUTH_PROVIDER", "flower.views.auth.GithubLoginHandler"],
      oauth2_key: ["--oauth2_key=id", "BLOOM_OAUTH2_KEY", "id"],
      oauth2_secret: ["--oauth2_secret=s", "BLOOM_OAUTH2_SECRET", "s"],
      oauth2_redirect_uri: ["--oauth2_redirect_uri=https://b/login", "BLOOM_OAUTH2_REDIRECT_URI", "https://b/login"],
      max_tasks: ["--max_tasks=100", "BLOOM_MAX_TASKS", "100"],
      natural_time: ["--natural_time", "BLOOM_NATURAL_TIME", "true"],
      tasks_columns: ["--tasks_columns=name,uuid", "BLOOM_TASKS_COLUMNS", "name,uuid"],
      enable_events: ["--enable_events=False", "BLOOM_ENABLE_EVENTS", "false"],
      inspect_timeout: ["--inspect_timeout=2500", "BLOOM_INSPECT_TIMEOUT", "2500"],
      purge_offline_workers: ["--purge_offline_workers=3600", "BLOOM_WORKER_OFFLINE_MAX_AGE", "3600s"],
      cookie_secret: ["--cookie_secret=x", "NEXTAUTH_SECRET", "x"],
      read_only: ["--read_only", "BLOOM_READ_ONLY", "true"],
      debug: ["--debug", "LOG_LEVEL", "debug"],
      logging: ["--logging=WARNING", "LOG_LEVEL", "warn"],
      task_runtime_metric_buckets: ["--task_runtime_metric_buckets=1,5,inf", "BLOOM_TASK_RUNTIME_METRIC_BUCKETS", "1,5,inf"],
      result_backend: ["--result-backend=redis://h/1", "CELERY_RESULT_BACKEND", "redis://h/1"],
    };
    for (const [name, [arg, env, value]] of Object.entries(expected)) {
      const resolution = resolve([arg]);
      expect(resolution.env, name).toEqual({ [env]: value });
      expect(resolution.sources[env]).toEqual({ kind: "cli", from: arg.split("=")[0] });
    }
  });

  it("maps every option with a Bloom variable, from the command line, the environment and the conf file", () => {
    for (const option of mapped) {
      const value = option.flag ? "true" : option.name === "logging" || option.name === "log_level" ? "error" : "some-value";
      const cli = resolve(option.flag ? [`--${option.name}`] : [`--${option.name}`, value]);
      expect(Object.keys(cli.env), option.name).toEqual([option.target.env]);
      expect(cli.sources[option.target.env]?.kind).toBe("cli");
      const conf = resolve([], {}, `${option.name} = ${option.flag ? "True" : `'${value}'`}`);
      expect(conf.env, option.name).toEqual(cli.env);
      expect(conf.sources[option.target.env]).toEqual({ kind: "conf", from: `flowerconfig.py:1 ${option.name}` });
      if (option.flowerEnv) {
        const env = resolve([], { [flowerEnvName(option)]: option.flag ? "True" : value });
        expect(env.env, option.name).toEqual(cli.env);
        expect(env.sources[option.target.env]).toEqual({ kind: "env", from: flowerEnvName(option) });
      }
    }
  });

  it("accepts and reports every option that does not apply, setting nothing", () => {
    for (const option of ignored) {
      const resolution = resolve(option.flag ? [`--${option.name}`] : [`--${option.name}=x`]);
      expect(resolution.env, option.name).toEqual({});
      expect(resolution.notices).toHaveLength(1);
      expect(resolution.notices[0]).toMatch(new RegExp(`^bloom: note: --${option.name}( x)? is accepted but does not apply: `));
      if (option.flowerEnv) expect(resolve([], { [flowerEnvName(option)]: "1" }).notices[0]).toMatch(`bloom: note: ${flowerEnvName(option)} is accepted`);
    }
    expect(resolve(["--persistent", "--db=flower.db"]).notices.join("\n")).toMatch(/Bloom always persists/);
    expect(resolve(["-A", "proj"]).notices[0]).toBe(
      "bloom: note: -A proj is accepted but does not apply: Bloom does not import your Celery app: it learns tasks from events and workers, and takes the broker from --broker / CELERY_BROKER_URL",
    );
  });
});

describe("resolveConfiguration: precedence", () => {
  it("command line > BLOOM_* > FLOWER_* > conf file", () => {
    const conf = "port = 1001\nmax_tasks = 5\nnatural_time = True\nbroker_api = 'http://conf/api/'";
    const env = { BLOOM_PORT: "2002", FLOWER_PORT: "3003", FLOWER_MAX_TASKS: "6" };
    const resolution = resolve(["--port=4004"], env, conf);
    expect(resolution.env).toMatchObject({ BLOOM_PORT: "4004", BLOOM_MAX_TASKS: "6", BLOOM_NATURAL_TIME: "true", BLOOM_BROKER_API: "http://conf/api/" });
    expect(resolution.sources).toMatchObject({
      BLOOM_PORT: { kind: "cli", from: "--port" },
      BLOOM_MAX_TASKS: { kind: "env", from: "FLOWER_MAX_TASKS" },
      BLOOM_NATURAL_TIME: { kind: "conf", from: "flowerconfig.py:3 natural_time" },
    });
    expect(resolve([], env, conf).env.BLOOM_PORT).toBe("2002");
    expect(resolve([], { FLOWER_PORT: "3003" }, conf).env.BLOOM_PORT).toBe("3003");
    expect(resolve([], { FLOWER_PORT: "3003", PORT: "8080" }, conf).sources.BLOOM_PORT).toEqual({ kind: "env", from: "PORT" });
    expect(resolve([], {}, conf).env.BLOOM_PORT).toBe("1001");
    expect(resolve([], {}).env).toEqual({});
  });

  it("treats blank variables as unset, like the settings loaders", () => {
    expect(resolve([], { BLOOM_PORT: " ", FLOWER_PORT: "3003" }).env.BLOOM_PORT).toBe("3003");
    expect(resolve([], { FLOWER_ADDRESS: "" }).env).toEqual({});
  });

  it("the last occurrence on the command line wins; --logging beats --debug in the environment as in Flower", () => {
    expect(resolve(["--port=1", "--port", "2"]).env.BLOOM_PORT).toBe("2");
    expect(resolve(["--debug", "--logging=error"]).env.LOG_LEVEL).toBe("error");
    expect(resolve(["--logging=error", "--debug"]).env.LOG_LEVEL).toBe("debug");
    expect(resolve([], { FLOWER_DEBUG: "true", FLOWER_LOGGING: "warning" }).env.LOG_LEVEL).toBe("warn");
    expect(resolve(["--debug=false"]).env).toEqual({});
    expect(resolve(["-b", "redis://a/0", "--broker=redis://b/0"]).env.CELERY_BROKER_URL).toBe("redis://b/0");
  });

  it("reads an explicit empty --address as Flower does (all interfaces)", () => {
    expect(resolve(["--address="]).env.BLOOM_ADDRESS).toBe("0.0.0.0");
    expect(resolve([], {}, "address = ''").env.BLOOM_ADDRESS).toBe("0.0.0.0");
  });

  it("turns conf lists into Flower's comma lists and None into unset", () => {
    const conf = "basic_auth = ['a:1', 'b:2']\ntasks_columns = ('name', 'state')\ntask_runtime_metric_buckets = [0.5, 1, 'inf']\nauth_provider = None";
    expect(resolve([], {}, conf).env).toEqual({ BLOOM_BASIC_AUTH: "a:1,b:2", BLOOM_TASKS_COLUMNS: "name,state", BLOOM_TASK_RUNTIME_METRIC_BUCKETS: "0.5,1,inf" });
  });

  it("refuses unknown names in the conf file, naming the line and listing the valid ones", () => {
    expect(() => resolve([], {}, "port = 1\nprot = 2")).toThrow(/^bloom: flowerconfig.py line 2: unknown setting `prot`\nValid settings: port, address, /);
    expect(() => resolve([], {}, "conf = 'other.py'")).toThrow(/line 1: unknown setting `conf`/);
    expect(() => resolve([], {}, "auth = 'a\\x00b'")).toThrow(/line 1: auth contains a NUL character/);
  });
});
