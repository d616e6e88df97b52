import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/config-error";
import { maskBrokerUrl, parseBrokerUrl, redisEventChannelPattern, redisEventChannelPrefix } from "./broker-url";

describe("parseBrokerUrl: redis", () => {
  it("reads host, port, db and credentials like kombu", () => {
    expect(parseBrokerUrl("redis://user:s3cret@cache.internal:6380/3")).toEqual({
      transport: "redis",
      host: "cache.internal",
      port: 6380,
      db: 3,
      username: "user",
      password: "s3cret",
      tls: false,
    });
  });

  it("defaults to 127.0.0.1:6379 db 0 and accepts the password-only form", () => {
    expect(parseBrokerUrl("redis://")).toEqual({ transport: "redis", host: "127.0.0.1", port: 6379, db: 0, tls: false });
    expect(parseBrokerUrl("redis://:pw@h/")).toMatchObject({ host: "h", db: 0, password: "pw" });
    expect(parseBrokerUrl("redis://:pw@h")).not.toHaveProperty("username");
  });

  it("decodes percent-escaped credentials and unwraps IPv6 hosts", () => {
    const config = parseBrokerUrl("redis://us%40er:p%3Ass%2Fw%40rd@[::1]:7000/2");
    expect(config).toMatchObject({ host: "::1", port: 7000, db: 2, username: "us@er", password: "p:ss/w@rd" });
  });

  it("keeps an explicit port 80 (WHATWG would drop it for http-like schemes)", () => {
    expect(parseBrokerUrl("redis://h:80/0")).toMatchObject({ port: 80 });
  });

  it("turns on TLS for rediss:// and maps ssl_cert_reqs and the certificate files", () => {
    expect(parseBrokerUrl("rediss://h:6390/1")).toMatchObject({ tls: true, tlsOptions: { rejectUnauthorized: true } });
    expect(parseBrokerUrl("rediss://h?ssl_cert_reqs=CERT_NONE")).toMatchObject({ tlsOptions: { rejectUnauthorized: false } });
    expect(parseBrokerUrl("rediss://h?ssl_cert_reqs=optional")).toMatchObject({ tlsOptions: { rejectUnauthorized: false } });
    expect(
      parseBrokerUrl("rediss://h/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem&ssl_certfile=/c.pem&ssl_keyfile=/k.pem"),
    ).toMatchObject({
      tlsOptions: { rejectUnauthorized: true, caFile: "/etc/ca.pem", certFile: "/c.pem", keyFile: "/k.pem" },
    });
  });

  it("rejects a db that is not a number and an unknown ssl_cert_reqs", () => {
    expect(() => parseBrokerUrl("redis://h/zero")).toThrow(/CELERY_BROKER_URL.*database number/);
    expect(() => parseBrokerUrl("redis://h/-1")).toThrow(/database number/);
    expect(() => parseBrokerUrl("rediss://h?ssl_cert_reqs=maybe")).toThrow(/ssl_cert_reqs=maybe/);
  });

  it("refuses a plain Redis failover list and points at Sentinel", () => {
    expect(() => parseBrokerUrl("redis://a;redis://b")).toThrow(/sentinel:\/\//);
  });
});

describe("parseBrokerUrl: sentinel", () => {
  it("collects every sentinel of kombu's ';' list and takes master_name from the URL", () => {
    const config = parseBrokerUrl("sentinel://:pw@s1:26380/2;sentinel://s2;sentinel://s3:26381?master_name=mymaster");
    expect(config).toEqual({
      transport: "redis",
      host: "s1",
      port: 26380,
      db: 2,
      password: "pw",
      tls: false,
      sentinels: [
        { host: "s1", port: 26380 },
        { host: "s2", port: 26379 },
        { host: "s3", port: 26381 },
      ],
      sentinelMasterName: "mymaster",
    });
  });

  it("falls back to the master name option, accepts redis+sentinel://, and requires a name", () => {
    expect(parseBrokerUrl("redis+sentinel://s1", { sentinelMasterName: "m1" })).toMatchObject({ sentinelMasterName: "m1" });
    expect(parseBrokerUrl("sentinel://s1?master_name=url", { sentinelMasterName: "opt" })).toMatchObject({
      sentinelMasterName: "url",
    });
    expect(() => parseBrokerUrl("sentinel://s1")).toThrow(/master_name/);
  });

  it("refuses mixing sentinel and plain redis parts", () => {
    expect(() => parseBrokerUrl("sentinel://s1;redis://r1?master_name=m")).toThrow(/mixes broker types/);
  });
});

describe("parseBrokerUrl: amqp", () => {
  it("normalises pyamqp:// to amqp:// with explicit port and vhost '/' for kombu's '//' form", () => {
    expect(parseBrokerUrl("pyamqp://guest:guest@localhost:5672//")).toEqual({
      transport: "amqp",
      url: "amqp://guest:guest@localhost:5672/%2F",
      urls: ["amqp://guest:guest@localhost:5672/%2F"],
      host: "localhost",
      port: 5672,
      vhost: "/",
      username: "guest",
      password: "guest",
      tls: false,
    });
  });

  it("treats a missing or empty path as vhost '/' and keeps named vhosts decoded", () => {
    expect(parseBrokerUrl("amqp://rabbit")).toMatchObject({ vhost: "/", url: "amqp://rabbit:5672/%2F" });
    expect(parseBrokerUrl("amqp://rabbit/")).toMatchObject({ vhost: "/" });
    expect(parseBrokerUrl("amqp://u:p%40ss@rabbit:5673/my%2Fvhost")).toMatchObject({
      vhost: "my/vhost",
      password: "p@ss",
      url: "amqp://u:p%40ss@rabbit:5673/my%2Fvhost",
    });
  });

  it("uses TLS and port 5671 for amqps:// and reads ?heartbeat=", () => {
    expect(parseBrokerUrl("amqps://rabbit?heartbeat=15")).toMatchObject({
      tls: true,
      port: 5671,
      url: "amqps://rabbit:5671/%2F",
      heartbeatSeconds: 15,
    });
    expect(() => parseBrokerUrl("amqp://rabbit?heartbeat=soon")).toThrow(/heartbeat=soon/);
  });

  it("keeps a failover list in order", () => {
    const config = parseBrokerUrl("amqp://a:1/v; pyamqp://b/v ;amqps://[::1]/v");
    expect(config.transport === "amqp" && config.urls).toEqual([
      "amqp://a:1/v",
      "amqp://b:5672/v",
      "amqps://[::1]:5671/v",
    ]);
  });
});

describe("parseBrokerUrl: errors", () => {
  it("names CELERY_BROKER_URL and the supported schemes for an unknown scheme", () => {
    let error: unknown;
    try {
      parseBrokerUrl("kafka://k:9092");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe("CELERY_BROKER_URL");
    expect((error as Error).message).toMatch(/^CELERY_BROKER_URL: .*"kafka".*redis:\/\/.*amqp:\/\//);
  });

  it("explains malformed and empty URLs without echoing the password", () => {
    expect(() => parseBrokerUrl("")).toThrow(/CELERY_BROKER_URL: is empty/);
    expect(() => parseBrokerUrl("localhost:6379")).toThrow(/unsupported scheme|not a valid URL/);
    try {
      parseBrokerUrl("redis://user:hunter2@host:99999/0");
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/not a valid URL/);
      expect((e as Error).message).not.toContain("hunter2");
    }
    expect(() => parseBrokerUrl("redis://u:%E0%A4%A@h/0")).toThrow(/%-escape/);
  });
});

describe("maskBrokerUrl", () => {
  it("hides the password and keeps everything else as typed", () => {
    expect(maskBrokerUrl("redis://user:s3cret@h:6379/0")).toBe("redis://user:****@h:6379/0");
    expect(maskBrokerUrl("redis://:s3cret@h/0")).toBe("redis://:****@h/0");
    expect(maskBrokerUrl("amqp://guest:guest@localhost:5672//")).toBe("amqp://guest:****@localhost:5672//");
  });

  it("leaves URLs without a password alone", () => {
    expect(maskBrokerUrl("redis://h:6379/0")).toBe("redis://h:6379/0");
    expect(maskBrokerUrl("amqp://user@h//")).toBe("amqp://user@h//");
    expect(maskBrokerUrl("amqp://h:5672/v@x")).not.toContain("5672/v@x");
  });

  it("masks every part of a failover list, unescaped '@' and '/' in passwords, and password query values", () => {
    expect(maskBrokerUrl("sentinel://:a@s1;sentinel://:b@s2")).toBe("sentinel://:****@s1;sentinel://:****@s2");
    expect(maskBrokerUrl("redis://u:p@ss/w@h/0")).toBe("redis://u:****@h/0");
    expect(maskBrokerUrl("sentinel://s1?master_name=m&sentinel_password=x1")).toBe(
      "sentinel://s1?master_name=m&sentinel_password=****",
    );
  });

  it("masks even what it cannot parse", () => {
    expect(maskBrokerUrl("redis://u:pw@h:99999/0")).toBe("redis://u:****@h:99999/0");
  });
});

describe("redis event channels", () => {
  it("follows kombu's fanout_prefix naming, db included", () => {
    expect(redisEventChannelPattern(0)).toBe("/0.celeryev/*");
    expect(redisEventChannelPattern(5)).toBe("/5.celeryev/*");
    expect(redisEventChannelPrefix(5)).toBe("/5.celeryev/");
  });

  it("escapes glob characters of a custom exchange name", () => {
    expect(redisEventChannelPattern(0, "ev*[x]")).toBe("/0.ev\\*\\[x\\]/*");
  });
});
