/**
 * Every option Flower 2.1 accepts (flower/options.py, plus the tornado logging options and
 * the Celery options `celery -A proj flower` takes), and what each becomes in Bloom: a
 * Bloom environment variable, or a note saying why it does not apply. One table feeds the
 * `bloom` CLI's parser, its --help, the FLOWER_* environment fallbacks of `loadSettings`,
 * and the config page's "where did this value come from".
 */

export type OptionGroup = "server" | "broker" | "auth" | "tasks" | "logging" | "bloom" | "celery" | "cli";

/** A converter turns the option's text into the Bloom variable's text; null = sets nothing. */
export type Convert = (value: string) => string | null;

export type OptionTarget =
  /** sets a Bloom environment variable (validated later by the settings loaders) */
  | { kind: "env"; env: string; convert?: Convert }
  /** accepted so existing command lines keep working, and reported as not applicable */
  | { kind: "ignored"; why: string }
  /** handled by the CLI itself (--conf, --help, --version) */
  | { kind: "cli" };

export type OptionSpec = {
  /** as Flower spells it (snake_case); `--name` and `--kebab-name` both work */
  name: string;
  /** single-dash alias, e.g. `-A` for Celery's --app */
  short?: string;
  /** a boolean flag: `--name` alone means true; `--name=false` / `--name false` work too */
  flag?: boolean;
  /** placeholder shown in --help */
  metavar?: string;
  group: OptionGroup;
  help: string;
  /** Flower reads FLOWER_<NAME> for this option (false for Celery's and Bloom's own) */
  flowerEnv: boolean;
  /** Flower's default, shown when it differs from Bloom's */
  flowerDefault?: string;
  /** false: `npm start` does not read FLOWER_<NAME> itself (the sign-in code has its own list); `bloom` translates it */
  envFallback?: false;
  /** what an explicit empty value on the command line or in --conf means (blank variables are unset) */
  emptyMeans?: string;
  target: OptionTarget;
};

/** The argument of a flag: Flower's strtobool spellings, normalised for Bloom's zod flags. */
export function normaliseBoolean(value: string): string {
  const lower = value.trim().toLowerCase();
  if (["y", "yes", "t", "true", "on", "1"].includes(lower)) return "true";
  if (["n", "no", "f", "false", "off", "0"].includes(lower)) return "false";
  return value; // left as written, so the settings schema names the bad value
}

/** tornado's logging levels (and pino's own names) → pino's. */
const LOG_LEVELS: Record<string, string> = {
  debug: "debug",
  info: "info",
  warning: "warn",
  warn: "warn",
  error: "error",
  critical: "fatal",
  fatal: "fatal",
  trace: "trace",
  none: "silent",
  silent: "silent",
};

const toLogLevel: Convert = (value) => LOG_LEVELS[value.trim().toLowerCase()] ?? value;

/** Flower's --debug only raises the log level; `--debug=false` leaves LOG_LEVEL alone. */
const debugToLogLevel: Convert = (value) => {
  const flag = normaliseBoolean(value);
  if (flag === "true") return "debug";
  if (flag === "false") return null;
  return value;
};

/** Flower's purge_offline_workers is whole seconds; Bloom's duration also takes "7d". */
const secondsToDuration: Convert = (value) => (/^\s*\d+\s*$/.test(value) ? `${value.trim()}s` : value);

const NOT_IN_MEMORY = "Bloom keeps every task and worker in PostgreSQL, not in process memory";

export const OPTIONS: readonly OptionSpec[] = [
  // server
  { name: "port", metavar: "PORT", group: "server", flowerEnv: true, help: "web console port", target: { kind: "env", env: "BLOOM_PORT" } },
  {
    name: "address",
    metavar: "ADDRESS",
    group: "server",
    flowerEnv: true,
    flowerDefault: "'' (all interfaces)",
    help: "address to listen on; Bloom defaults to 127.0.0.1 (use 0.0.0.0 for all interfaces)",
    // Flower reads an explicit empty address as "all interfaces"; Bloom's default is loopback.
    emptyMeans: "0.0.0.0",
    target: { kind: "env", env: "BLOOM_ADDRESS" },
  },
  {
    name: "url_prefix",
    metavar: "PREFIX",
    group: "server",
    flowerEnv: true,
    help: "serve the console under /PREFIX (behind a reverse proxy)",
    target: { kind: "env", env: "BLOOM_URL_PREFIX" },
  },
  {
    name: "cookie_secret",
    metavar: "SECRET",
    group: "server",
    flowerEnv: true,
    flowerDefault: "random per start",
    help: "secret that signs session cookies (at least 32 characters)",
    envFallback: false,
    target: { kind: "env", env: "NEXTAUTH_SECRET" },
  },
  { name: "unix_socket", metavar: "PATH", group: "server", flowerEnv: true, help: "listen on a unix socket", target: { kind: "ignored", why: "Bloom listens on --address/--port only; put a reverse proxy in front for a socket" } },
  { name: "certfile", metavar: "FILE", group: "server", flowerEnv: true, help: "TLS certificate", target: { kind: "ignored", why: "Bloom serves plain HTTP; terminate TLS in a reverse proxy (README: Deploying)" } },
  { name: "keyfile", metavar: "FILE", group: "server", flowerEnv: true, help: "TLS private key", target: { kind: "ignored", why: "Bloom serves plain HTTP; terminate TLS in a reverse proxy (README: Deploying)" } },
  { name: "ca_certs", metavar: "FILE", group: "server", flowerEnv: true, help: "TLS CA certificates", target: { kind: "ignored", why: "Bloom serves plain HTTP; terminate TLS in a reverse proxy (README: Deploying)" } },
  { name: "xheaders", flag: true, group: "server", flowerEnv: true, help: "trust X-Real-Ip / X-Scheme", target: { kind: "ignored", why: "proxy headers are handled by Bloom's reverse-proxy settings (README: Deploying)" } },

  // broker and workers
  { name: "broker", short: "-b", metavar: "URL", group: "broker", flowerEnv: true, help: "the broker to watch (Celery's -b/--broker)", target: { kind: "env", env: "CELERY_BROKER_URL" } },
  {
    name: "broker_api",
    metavar: "URL",
    group: "broker",
    flowerEnv: true,
    help: "RabbitMQ management API, e.g. http://guest:guest@localhost:15672/api/",
    target: { kind: "env", env: "BLOOM_BROKER_API" },
  },
  {
    name: "result_backend",
    metavar: "URL",
    group: "broker",
    flowerEnv: false,
    help: "Celery's --result-backend: Redis result backend to reconcile missed events from",
    target: { kind: "env", env: "CELERY_RESULT_BACKEND" },
  },
  { name: "enable_events", flag: true, group: "broker", flowerEnv: true, help: "periodically ask workers to send events (for workers started without -E)", target: { kind: "env", env: "BLOOM_ENABLE_EVENTS" } },
  { name: "inspect_timeout", metavar: "MS", group: "broker", flowerEnv: true, help: "how long to wait for workers' inspect replies, milliseconds", target: { kind: "env", env: "BLOOM_INSPECT_TIMEOUT" } },
  { name: "auto_refresh", flag: true, group: "broker", flowerEnv: true, help: "refresh the workers view", target: { kind: "ignored", why: "Bloom's pages update live by themselves" } },
  { name: "max_workers", metavar: "N", group: "broker", flowerEnv: true, flowerDefault: "5000", help: "workers kept in memory", target: { kind: "ignored", why: `${NOT_IN_MEMORY}; --purge_offline_workers forgets offline ones` } },
  {
    name: "purge_offline_workers",
    metavar: "SECONDS",
    group: "broker",
    flowerEnv: true,
    flowerDefault: "never",
    help: "forget workers offline for longer than this (seconds, or 90m/7d)",
    target: { kind: "env", env: "BLOOM_WORKER_OFFLINE_MAX_AGE", convert: secondsToDuration },
  },

  // sign-in
  { name: "basic_auth", metavar: "USER:PASSWORD[,...]", group: "auth", flowerEnv: true, help: "HTTP basic users, comma-separated", target: { kind: "env", env: "BLOOM_BASIC_AUTH" } },
  { name: "auth", metavar: "REGEX", group: "auth", flowerEnv: true, help: "emails allowed to sign in through OAuth (.*@example\\.com or a|b)", target: { kind: "env", env: "BLOOM_AUTH_EMAILS" } },
  {
    name: "auth_provider",
    metavar: "PROVIDER",
    group: "auth",
    flowerEnv: true,
    help: "google, github, gitlab, okta or oidc (or Flower's flower.views.auth.*Handler class name)",
    target: { kind: "env", env: "BLOOM_AUTH_PROVIDER" },
  },
  { name: "oauth2_key", metavar: "CLIENT_ID", group: "auth", flowerEnv: true, help: "OAuth2 client id", target: { kind: "env", env: "BLOOM_OAUTH2_KEY" } },
  { name: "oauth2_secret", metavar: "SECRET", group: "auth", flowerEnv: true, help: "OAuth2 client secret", target: { kind: "env", env: "BLOOM_OAUTH2_SECRET" } },
  { name: "oauth2_redirect_uri", metavar: "URL", group: "auth", flowerEnv: true, help: "OAuth2 callback URL registered with the provider", target: { kind: "env", env: "BLOOM_OAUTH2_REDIRECT_URI" } },
  { name: "read_only", flag: true, group: "auth", flowerEnv: true, help: "refuse every action that changes anything", target: { kind: "env", env: "BLOOM_READ_ONLY" } },

  // tasks
  {
    name: "max_tasks",
    metavar: "N",
    group: "tasks",
    flowerEnv: true,
    flowerDefault: "100000 (in memory)",
    help: "keep at most N stored tasks, the oldest non-failed go first (0 = no cap)",
    target: { kind: "env", env: "BLOOM_MAX_TASKS" },
  },
  { name: "persistent", flag: true, group: "tasks", flowerEnv: true, help: "keep state across restarts", target: { kind: "ignored", why: "Bloom always persists: every event is stored in PostgreSQL" } },
  { name: "db", metavar: "FILE", group: "tasks", flowerEnv: true, help: "Flower's shelve file", target: { kind: "ignored", why: "Bloom always persists in PostgreSQL (DATABASE_URL)" } },
  { name: "state_save_interval", metavar: "MS", group: "tasks", flowerEnv: true, help: "how often Flower saves its state", target: { kind: "ignored", why: "Bloom writes every event as it arrives" } },
  { name: "natural_time", flag: true, group: "tasks", flowerEnv: true, help: 'show times as "2 minutes ago"', target: { kind: "env", env: "BLOOM_NATURAL_TIME" } },
  {
    name: "tasks_columns",
    metavar: "COLUMNS",
    group: "tasks",
    flowerEnv: true,
    help: "default columns of the tasks page, comma-separated",
    target: { kind: "env", env: "BLOOM_TASKS_COLUMNS" },
  },
  { name: "format_task", metavar: "FUNCTION", group: "tasks", flowerEnv: true, help: "Python function reformatting tasks", target: { kind: "ignored", why: "Bloom does not run Python; it masks secret-looking values itself" } },
  {
    name: "task_runtime_metric_buckets",
    metavar: "SECONDS[,...]",
    group: "tasks",
    flowerEnv: true,
    help: "bucket bounds of flower_task_runtime_seconds (inf allowed)",
    target: { kind: "env", env: "BLOOM_TASK_RUNTIME_METRIC_BUCKETS" },
  },

  // logging (Flower's --debug and tornado's options)
  { name: "debug", flag: true, group: "logging", flowerEnv: true, help: "log at debug level", target: { kind: "env", env: "LOG_LEVEL", convert: debugToLogLevel } },
  { name: "logging", metavar: "LEVEL", group: "logging", flowerEnv: true, help: "debug, info, warning, error or none", target: { kind: "env", env: "LOG_LEVEL", convert: toLogLevel } },
  ...["log_file_prefix", "log_to_stderr", "log_rotate_mode", "log_rotate_when", "log_rotate_interval", "log_file_max_size", "log_file_num_backups"].map(
    (name): OptionSpec => ({
      name,
      flag: name === "log_to_stderr" ? true : undefined,
      metavar: name === "log_to_stderr" ? undefined : "VALUE",
      group: "logging",
      flowerEnv: true,
      help: "tornado log file option",
      target: { kind: "ignored", why: "Bloom logs to stdout/stderr (LOG_FORMAT json or pretty); rotate with your process manager" },
    }),
  ),

  // Bloom's own settings, also as flags
  { name: "database_url", metavar: "URL", group: "bloom", flowerEnv: false, help: "PostgreSQL for Bloom's data (unset: embedded PostgreSQL)", target: { kind: "env", env: "DATABASE_URL" } },
  { name: "data_dir", metavar: "DIR", group: "bloom", flowerEnv: false, help: "local state (embedded PostgreSQL data)", target: { kind: "env", env: "BLOOM_DATA_DIR" } },
  { name: "embedded_pg_port", metavar: "PORT", group: "bloom", flowerEnv: false, help: "port of the embedded PostgreSQL", target: { kind: "env", env: "BLOOM_EMBEDDED_PG_PORT" } },
  { name: "log_level", metavar: "LEVEL", group: "bloom", flowerEnv: false, help: "fatal, error, warn, info, debug, trace or silent", target: { kind: "env", env: "LOG_LEVEL", convert: toLogLevel } },
  { name: "task_max_age", metavar: "DURATION", group: "bloom", flowerEnv: false, help: "forget tasks older than this (12h, 30d, off)", target: { kind: "env", env: "BLOOM_TASK_MAX_AGE" } },
  { name: "failed_task_max_age", metavar: "DURATION", group: "bloom", flowerEnv: false, help: "forget failed tasks older than this", target: { kind: "env", env: "BLOOM_FAILED_TASK_MAX_AGE" } },
  { name: "import_results", flag: true, group: "bloom", flowerEnv: false, help: "first start: import finished tasks from the result backend", target: { kind: "env", env: "BLOOM_IMPORT_RESULTS" } },
  { name: "amqp_queue", metavar: "NAME", group: "bloom", flowerEnv: false, help: "Bloom's durable event queue on RabbitMQ", target: { kind: "env", env: "BLOOM_AMQP_QUEUE" } },

  // Celery's own options, as `celery -A proj -b URL flower` takes them
  {
    name: "app",
    short: "-A",
    metavar: "MODULE",
    group: "celery",
    flowerEnv: false,
    help: "your Celery app (accepted; Bloom does not import it)",
    target: { kind: "ignored", why: "Bloom does not import your Celery app: it learns tasks from events and workers, and takes the broker from --broker / CELERY_BROKER_URL" },
  },
  { name: "workdir", metavar: "DIR", group: "celery", flowerEnv: false, help: "Celery's working directory", target: { kind: "ignored", why: "Bloom does not import your Celery app" } },
  { name: "config", metavar: "MODULE", group: "celery", flowerEnv: false, help: "Celery's configuration module", target: { kind: "ignored", why: "Bloom does not import Celery's configuration; pass --broker / --result_backend" } },
  { name: "loader", metavar: "LOADER", group: "celery", flowerEnv: false, help: "Celery's loader", target: { kind: "ignored", why: "Bloom does not import your Celery app" } },
  { name: "quiet", short: "-q", flag: true, group: "celery", flowerEnv: false, help: "Celery's quiet mode", target: { kind: "ignored", why: "use --logging=warning" } },
  { name: "no_color", short: "-C", flag: true, group: "celery", flowerEnv: false, help: "Celery's colourless output", target: { kind: "ignored", why: "set LOG_FORMAT=json for plain logs" } },
  { name: "skip_checks", flag: true, group: "celery", flowerEnv: false, help: "Celery's start-up checks", target: { kind: "ignored", why: "Bloom does not import your Celery app" } },

  // the CLI's own
  { name: "conf", metavar: "FILE", group: "cli", flowerEnv: true, flowerDefault: "flowerconfig.py", help: "flowerconfig.py-style file of name = value lines (read, never executed)", target: { kind: "cli" } },
  { name: "help", short: "-h", flag: true, group: "cli", flowerEnv: false, help: "show this help", target: { kind: "cli" } },
  { name: "version", flag: true, group: "cli", flowerEnv: false, help: "print Bloom's version", target: { kind: "cli" } },
];

const BY_NAME = new Map(OPTIONS.map((option) => [option.name, option]));
const BY_SHORT = new Map(OPTIONS.flatMap((option) => (option.short ? [[option.short, option] as const] : [])));

/** `--basic-auth` and `--basic_auth` are the same option, as in tornado. */
export function findOption(name: string): OptionSpec | undefined {
  return BY_NAME.get(name.replace(/-/g, "_"));
}

export function findShortOption(flag: string): OptionSpec | undefined {
  return BY_SHORT.get(flag);
}

export function flowerEnvName(option: OptionSpec): string {
  return `FLOWER_${option.name.toUpperCase()}`;
}

/** Variables other than FLOWER_* that stand in for a Bloom variable (hosting platforms set PORT). */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = { BLOOM_PORT: ["PORT"] };

/**
 * FLOWER_* variables that `loadSettings` reads directly (when the Bloom variable is unset):
 * those whose value means the same in both, so `npm start` honours them without the CLI.
 * The converted ones (FLOWER_DEBUG, FLOWER_LOGGING, FLOWER_PURGE_OFFLINE_WORKERS, ...) need
 * `bloom`, which translates them.
 */
export function flowerEnvSynonyms(): [flower: string, bloom: string][] {
  return OPTIONS.flatMap((option) =>
    option.flowerEnv && option.envFallback !== false && option.target.kind === "env" && !option.target.convert
      ? [[flowerEnvName(option), option.target.env] as [string, string]]
      : [],
  );
}
