import { describe, expect, it } from "vitest";
import { OPTIONS } from "@/lib/config/flower-options";
import { parseArgs, UsageError } from "./args";

/** Every option Flower 2.1 defines (flower/options.py at v2.1.0), plus tornado's logging options. */
const FLOWER_2_1_OPTIONS = [
  "port", "address", "unix_socket", "debug", "inspect_timeout", "auth", "basic_auth", "oauth2_key", "oauth2_secret",
  "oauth2_redirect_uri", "max_workers", "max_tasks", "db", "persistent", "state_save_interval", "broker_api", "ca_certs",
  "certfile", "keyfile", "xheaders", "auto_refresh", "purge_offline_workers", "cookie_secret", "conf", "enable_events",
  "format_task", "natural_time", "tasks_columns", "auth_provider", "url_prefix", "task_runtime_metric_buckets", "read_only",
  "logging", "log_file_prefix", "log_to_stderr", "log_file_max_size", "log_file_num_backups", "log_rotate_when",
  "log_rotate_interval", "log_rotate_mode",
];

function usageErrorOf(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  it("knows every option of Flower 2.1", () => {
    const known = new Set(OPTIONS.map((option) => option.name));
    expect(FLOWER_2_1_OPTIONS.filter((name) => !known.has(name))).toEqual([]);
  });

  it("accepts every value option as --name=value, --name value and --kebab-name=value", () => {
    for (const option of OPTIONS.filter((candidate) => !candidate.flag)) {
      const kebab = `--${option.name.replace(/_/g, "-")}`;
      for (const argv of [[`--${option.name}=v a=l`], [`--${option.name}`, "v a=l"], [`${kebab}=v a=l`], [kebab, "v a=l"]]) {
        const parsed = parseArgs(argv);
        expect(parsed.values, argv.join(" ")).toHaveLength(1);
        expect(parsed.values[0]?.option.name).toBe(option.name);
        expect(parsed.values[0]?.value).toBe("v a=l");
      }
    }
  });

  it("reads every flag alone as true, and takes true/false as =value or as the next word", () => {
    for (const option of OPTIONS.filter((candidate) => candidate.flag && candidate.target.kind !== "cli")) {
      expect(parseArgs([`--${option.name}`]).values[0]?.value, option.name).toBe("true");
      expect(parseArgs([`--${option.name}=False`]).values[0]?.value).toBe("false");
      expect(parseArgs([`--${option.name}`, "no"]).values[0]?.value).toBe("false");
      expect(parseArgs([`--${option.name}`, "True"]).values[0]?.value).toBe("true");
      // the next word is not a boolean: the flag stands alone and the word is an error
      expect(usageErrorOf([`--${option.name}`, "maybe"])).toMatch(/unexpected argument "maybe"/);
    }
  });

  it("keeps an unreadable flag value as written, so validation can name it", () => {
    expect(parseArgs(["--natural_time=sometimes"]).values[0]?.value).toBe("sometimes");
  });

  it("takes Celery's short options: -A proj, -Aproj, -b URL", () => {
    const parsed = parseArgs(["-A", "proj", "-bredis://h:6379/1", "flower", "--port=5556"]);
    expect(parsed.values.map((value) => [value.option.name, value.value, value.spelled])).toEqual([
      ["app", "proj", "-A"],
      ["broker", "redis://h:6379/1", "-b"],
      ["port", "5556", "--port"],
    ]);
  });

  it("lets an empty value through (--address= means all interfaces to Flower)", () => {
    expect(parseArgs(["--address="]).values[0]?.value).toBe("");
  });

  it("takes a negative number as a value but not another option", () => {
    expect(parseArgs(["--inspect_timeout", "-1"]).values[0]?.value).toBe("-1");
    expect(usageErrorOf(["--port", "--address=x"])).toBe("bloom: --port needs a value (--port=PORT or --port PORT)");
    expect(usageErrorOf(["-A"])).toBe("bloom: -A needs a value (-A MODULE)");
  });

  it("sees --help, -h and --version", () => {
    expect(parseArgs(["--help"]).help).toBe(true);
    expect(parseArgs(["-h"]).help).toBe(true);
    expect(parseArgs(["--port=1", "--version"]).version).toBe(true);
    expect(parseArgs(["--port=1"])).toMatchObject({ help: false, version: false });
  });

  it("refuses unknown options, listing the valid ones and suggesting the closest", () => {
    const message = usageErrorOf(["--prot=5555"]);
    expect(message.split("\n")[0]).toBe("bloom: unknown option --prot (did you mean --port?)");
    for (const option of OPTIONS) expect(message).toContain(`--${option.name}`);
    expect(usageErrorOf(["--nope"]).split("\n")[0]).toBe("bloom: unknown option --nope");
    expect(usageErrorOf(["-Z"]).split("\n")[0]).toBe("bloom: unknown option -Z");
  });

  it("refuses stray words and anything after --", () => {
    expect(usageErrorOf(["--port=1", "users"])).toMatch(/^bloom: unexpected argument "users"/);
    expect(usageErrorOf(["flower", "flower"])).toMatch(/unexpected argument "flower"/);
    expect(usageErrorOf(["--", "--port=1"])).toMatch(/nothing may follow `--`/);
  });

  it("the last of a repeated option is the one that counts later (all are kept in order)", () => {
    expect(parseArgs(["--port=1", "--port", "2"]).values.map((value) => value.value)).toEqual(["1", "2"]);
  });
});
