import { ConfigError } from "@/lib/config/config-error";

/**
 * Celery broker URLs (CELERY_BROKER_URL), parsed the way kombu 5.2 reads them
 * (kombu/utils/url.py, kombu/transport/redis.py), into plain data the broker adapters use.
 * Pure: no network, no broker client imports, so it is safe anywhere (UI included).
 *
 * Accepted forms:
 *   redis://[[user]:password@]host[:6379][/db][?ssl_cert_reqs=…]
 *   rediss://…                       TLS; ssl_cert_reqs / ssl_ca_certs / ssl_certfile / ssl_keyfile
 *   sentinel://[:password@]host[:26379][/db][;sentinel://host2[:port]…][?master_name=mymaster]
 *   redis+sentinel://…               same as sentinel://
 *   amqp://[user[:password]@]host[:5672][/vhost][;amqp://host2…]   failover list, tried in turn
 *   amqps://… (TLS, port 5671), pyamqp://… (= amqp://)
 *
 * Sentinel: kombu takes the master name from `broker_transport_options={'master_name': …}`,
 * which a URL cannot carry; Bloom accepts `?master_name=` on any sentinel part or the
 * `sentinelMasterName` option (the settings layer fills it from the environment). The URL
 * wins when both are given, as it is the more specific of the two.
 */

const SETTING = "CELERY_BROKER_URL";

export type HostPort = { host: string; port: number };

export type RedisTlsOptions = {
  /** false for ssl_cert_reqs=none|optional (Node cannot verify "only if presented") */
  rejectUnauthorized: boolean;
  /** file paths as given in the URL; read by the adapter, not here */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
};

export type RedisBrokerConfig = {
  transport: "redis";
  /** for sentinel URLs: the first sentinel */
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** present when tls is true */
  tlsOptions?: RedisTlsOptions;
  /** present for sentinel URLs (then host/port are sentinels[0], not the master) */
  sentinels?: HostPort[];
  sentinelMasterName?: string;
};

export type AmqpBrokerConfig = {
  transport: "amqp";
  /**
   * The first endpoint, normalised to amqp:// or amqps:// (pyamqp:// becomes amqp://) with
   * explicit port and percent-encoded vhost. Carries the password: log `maskBrokerUrl(url)`.
   */
  url: string;
  /** every endpoint of a `;` failover list, normalised like `url` (url === urls[0]) */
  urls: string[];
  host: string;
  port: number;
  /** decoded; `/` when the URL has none, as in kombu */
  vhost: string;
  username?: string;
  password?: string;
  tls: boolean;
  /** from `?heartbeat=` on the first endpoint */
  heartbeatSeconds?: number;
};

export type BrokerConfig = RedisBrokerConfig | AmqpBrokerConfig;

export type ParseBrokerUrlOptions = {
  /** used when a sentinel URL has no `?master_name=` */
  sentinelMasterName?: string;
};

type Scheme = "redis" | "rediss" | "sentinel" | "amqp" | "amqps";

const SCHEMES: Record<string, Scheme> = {
  "redis:": "redis",
  "rediss:": "rediss",
  "sentinel:": "sentinel",
  "redis+sentinel:": "sentinel",
  "amqp:": "amqp",
  "pyamqp:": "amqp",
  "amqps:": "amqps",
};

const DEFAULT_PORT: Record<Scheme, number> = { redis: 6379, rediss: 6379, sentinel: 26379, amqp: 5672, amqps: 5671 };

/** Parses CELERY_BROKER_URL; throws ConfigError (naming the setting, password masked) when it is unusable. */
export function parseBrokerUrl(url: string, options: ParseBrokerUrlOptions = {}): BrokerConfig {
  // kombu splits failover lists on ';' and tolerates whitespace around the parts.
  const parts = url
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(parsePart);
  const first = parts[0];
  if (!first) throw invalid("is empty: set it to the broker your Celery workers use, e.g. redis://localhost:6379/0");

  const family = (scheme: Scheme) => (scheme === "amqp" || scheme === "amqps" ? "amqp" : scheme);
  if (parts.some((part) => family(part.scheme) !== family(first.scheme))) {
    throw invalid(`mixes broker types in one failover list (${maskBrokerUrl(url)})`);
  }

  switch (first.scheme) {
    case "redis":
    case "rediss":
      if (parts.length > 1) {
        throw invalid("lists several Redis URLs; for Redis high availability use sentinel://host:26379;sentinel://host2:26379");
      }
      return redisConfig(first);
    case "sentinel":
      return sentinelConfig(parts, options);
    case "amqp":
    case "amqps":
      return amqpConfig(parts);
  }
}

/** Hides passwords (userinfo and `*pass*=` query values) in every part of a broker URL, for logs and the UI. */
export function maskBrokerUrl(url: string): string {
  return url
    .split(";")
    .map((part) => maskPart(part))
    .join(";");
}

/**
 * The PSUBSCRIBE pattern for Celery events on Redis. kombu's fanout_prefix (on by default)
 * names channels `/{db}.{exchange}/{routing_key}`: Redis pub/sub ignores the selected db,
 * so that prefix is the only thing keeping two Celery apps on db 0 and db 1 apart.
 */
export function redisEventChannelPattern(db: number, exchange = "celeryev"): string {
  return `${escapeGlob(redisEventChannelPrefix(db, exchange))}*`;
}

/** The literal channel prefix before the routing key (`/0.celeryev/`). */
export function redisEventChannelPrefix(db: number, exchange = "celeryev"): string {
  return `/${db}.${exchange}/`;
}

// ---------------------------------------------------------------------------

type Part = {
  scheme: Scheme;
  host: string | undefined;
  port: number | undefined;
  username: string | undefined;
  password: string | undefined;
  /** path without its first '/', decoded; undefined when absent or empty */
  path: string | undefined;
  query: URLSearchParams;
};

function parsePart(raw: string): Part {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid(`is not a valid URL (${maskBrokerUrl(raw)}); expected e.g. redis://localhost:6379/0 or amqp://guest:guest@localhost:5672//`);
  }
  const scheme = SCHEMES[parsed.protocol];
  if (!scheme) {
    throw invalid(
      `has unsupported scheme "${parsed.protocol.replace(/:$/, "")}"; Bloom reads events from redis://, rediss://, sentinel://, amqp://, amqps:// or pyamqp:// brokers`,
    );
  }
  // redis etc. are "non-special" schemes for WHATWG URL, so host, port and percent-escapes
  // come back exactly as typed (no default-port stripping, no lower-casing).
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const path = parsed.pathname.startsWith("/") ? parsed.pathname.slice(1) : parsed.pathname;
  return {
    scheme,
    host: host === "" ? undefined : decode(host, raw),
    port: parsed.port === "" ? undefined : Number(parsed.port),
    username: parsed.username === "" ? undefined : decode(parsed.username, raw),
    password: parsed.password === "" ? undefined : decode(parsed.password, raw),
    path: path === "" ? undefined : decode(path, raw),
    query: parsed.searchParams,
  };
}

function redisConfig(part: Part): RedisBrokerConfig {
  const tls = part.scheme === "rediss";
  return {
    transport: "redis",
    // kombu's default when the URL names no host.
    host: part.host ?? "127.0.0.1",
    port: part.port ?? DEFAULT_PORT[part.scheme],
    db: redisDb(part),
    ...credentials(part),
    tls,
    ...(tls ? { tlsOptions: redisTlsOptions(part) } : {}),
  };
}

function sentinelConfig(parts: Part[], options: ParseBrokerUrlOptions): RedisBrokerConfig {
  const first = parts[0] as Part; // caller guarantees at least one
  const sentinels = parts.map((part) => ({ host: part.host ?? "127.0.0.1", port: part.port ?? DEFAULT_PORT.sentinel }));
  const fromUrl = parts.map((part) => part.query.get("master_name")?.trim()).find((name) => name);
  const masterName = fromUrl || options.sentinelMasterName?.trim();
  if (!masterName) {
    throw invalid(
      "is a Redis Sentinel URL without a master name: add ?master_name=<name> (kombu's broker_transport_options master_name)",
    );
  }
  // celery: the password of the first URL authenticates against the master, as in kombu;
  // sentinels themselves are contacted without auth (kombu's sentinel_kwargs has no URL form).
  return {
    transport: "redis",
    host: first.host ?? "127.0.0.1",
    port: first.port ?? DEFAULT_PORT.sentinel,
    db: redisDb(first),
    ...credentials(first),
    tls: false,
    sentinels,
    sentinelMasterName: masterName,
  };
}

function amqpConfig(parts: Part[]): AmqpBrokerConfig {
  const first = parts[0] as Part; // caller guarantees at least one
  const urls = parts.map(normalizeAmqp);
  const heartbeat = first.query.get("heartbeat");
  let heartbeatSeconds: number | undefined;
  if (heartbeat !== null) {
    heartbeatSeconds = Number(heartbeat);
    if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 0) {
      throw invalid(`has heartbeat=${heartbeat}; it must be a whole number of seconds (0 disables heartbeats)`);
    }
  }
  return {
    transport: "amqp",
    url: urls[0] as string,
    urls,
    host: first.host ?? "localhost",
    port: first.port ?? DEFAULT_PORT[first.scheme],
    vhost: first.path ?? "/",
    ...credentials(first),
    tls: first.scheme === "amqps",
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
  };
}

/** One canonical spelling per endpoint, so amqplib sees exactly what kombu would connect to. */
function normalizeAmqp(part: Part): string {
  const scheme = part.scheme === "amqps" ? "amqps" : "amqp";
  // kombu's default host for amqp is localhost (not 127.0.0.1 as for redis).
  const host = part.host ?? "localhost";
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const port = part.port ?? DEFAULT_PORT[part.scheme];
  const auth =
    part.username === undefined && part.password === undefined
      ? ""
      : `${encodeURIComponent(part.username ?? "")}${part.password === undefined ? "" : `:${encodeURIComponent(part.password)}`}@`;
  // amqp://h and amqp://h// both mean vhost "/" in kombu; encode it so amqplib decodes it back once.
  const vhost = encodeURIComponent(part.path ?? "/");
  return `${scheme}://${auth}${hostInUrl}:${port}/${vhost}`;
}

function redisDb(part: Part): number {
  // kombu: empty path or "/" → db 0; anything else must be a non-negative integer.
  const value = part.path?.replace(/^\//, "") ?? "";
  if (value === "") return 0;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalid(`has "${value}" where the Redis database number belongs (e.g. redis://localhost:6379/0)`);
  }
  return Number(value);
}

function redisTlsOptions(part: Part): RedisTlsOptions {
  const reqs = part.query.get("ssl_cert_reqs");
  let rejectUnauthorized = true; // redis-py's default for rediss:// is CERT_REQUIRED
  if (reqs !== null) {
    const normalized = reqs.trim().toLowerCase().replace(/^cert_/, "");
    if (normalized === "none" || normalized === "optional") rejectUnauthorized = false;
    else if (normalized !== "required") {
      throw invalid(`has ssl_cert_reqs=${reqs}; use required, optional or none (or CERT_REQUIRED, CERT_OPTIONAL, CERT_NONE)`);
    }
  }
  const file = (key: string) => {
    const value = part.query.get(key)?.trim();
    return value ? value : undefined;
  };
  const caFile = file("ssl_ca_certs");
  const certFile = file("ssl_certfile");
  const keyFile = file("ssl_keyfile");
  return {
    rejectUnauthorized,
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
  };
}

function credentials(part: Part): { username?: string; password?: string } {
  return {
    ...(part.username === undefined ? {} : { username: part.username }),
    ...(part.password === undefined ? {} : { password: part.password }),
  };
}

function decode(value: string, raw: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalid(`has a broken %-escape in ${maskBrokerUrl(raw)}`);
  }
}

function invalid(problem: string): ConfigError {
  return new ConfigError(SETTING, problem);
}

function maskPart(part: string): string {
  let out = part;
  const schemeEnd = out.indexOf("://");
  if (schemeEnd >= 0) {
    const start = schemeEnd + 3;
    // The userinfo ends at the LAST '@': an unescaped '@' or '/' inside a password must not
    // leave half of it visible. If a vhost contains '@' this over-masks, which is safe.
    const at = out.lastIndexOf("@");
    if (at > start) {
      const userinfo = out.slice(start, at);
      const colon = userinfo.indexOf(":");
      if (colon >= 0 && colon < userinfo.length - 1) {
        out = `${out.slice(0, start)}${userinfo.slice(0, colon)}:****${out.slice(at)}`;
      }
    }
  }
  return out.replace(/([?&][^=&#]*pass[^=&#]*=)[^&#]*/gi, "$1****");
}

function escapeGlob(value: string): string {
  return value.replace(/[\\*?[\]]/g, "\\$&");
}
