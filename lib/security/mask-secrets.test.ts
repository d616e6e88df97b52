import { describe, expect, it } from "vitest";
import { isSecretKey, MASK, maskSecrets, maskUrlCredentials } from "./mask-secrets";

describe("maskUrlCredentials", () => {
  it("hides the password of broker and database URLs, keeping user, host and path", () => {
    expect(maskUrlCredentials("amqp://guest:guest@rabbit:5672//")).toBe(`amqp://guest:${MASK}@rabbit:5672//`);
    expect(maskUrlCredentials("redis://:s3cret@cache:6379/0")).toBe(`redis://:${MASK}@cache:6379/0`);
    expect(maskUrlCredentials("postgresql://bloom:pa@ss/word@db:5432/bloom")).toBe(`postgresql://bloom:${MASK}@db:5432/bloom`);
  });

  it("leaves URLs without a password alone", () => {
    for (const url of ["redis://localhost:6379/0", "amqp://guest@rabbit//", "http://127.0.0.1:5555/", "rpc://"]) {
      expect(maskUrlCredentials(url)).toBe(url);
    }
  });

  it("masks every URL of a failover list and URLs inside free text", () => {
    expect(maskUrlCredentials("amqp://u:p1@a//;amqp://u:p2@b//")).toBe(`amqp://u:${MASK}@a//;amqp://u:${MASK}@b//`);
    expect(maskUrlCredentials("cannot reach 'redis://x:pw@h:1/0' (refused)")).toBe(`cannot reach 'redis://x:${MASK}@h:1/0' (refused)`);
  });

  it("masks secret query parameters but keeps the others", () => {
    expect(maskUrlCredentials("rediss://h:6380/0?ssl_cert_reqs=required&password=x&token=y")).toBe(
      `rediss://h:6380/0?ssl_cert_reqs=required&password=${MASK}&token=${MASK}`,
    );
  });
});

describe("isSecretKey", () => {
  it.each(["password", "broker_password", "DATABASE_PASSWORD", "secret_key", "AWS_SECRET_ACCESS_KEY", "apiToken", "api_key", "security_key", "Authorization"])(
    "%s is secret",
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(["routing_key", "task_default_routing_key", "broker_url", "author", "worker_concurrency", "result_backend"])("%s is not", (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe("maskSecrets", () => {
  it("masks secret keys at any depth and URL passwords in any string", () => {
    const conf = {
      broker_url: "redis://:pw@h:6379/0",
      result_backend: "db+postgresql://u:pw@db/results",
      broker_transport_options: { password: "pw", visibility_timeout: 3600, sentinel_kwargs: { password: "pw2" } },
      include: ["app.tasks"],
      security_key: "/etc/keys/private.pem",
      task_routes: { "app.io": { queue: "io", routing_key: "io" } },
      beat_schedule: { nightly: { task: "t", args: ["postgresql://a:b@c/d"] } },
    };
    expect(maskSecrets(conf)).toEqual({
      broker_url: `redis://:${MASK}@h:6379/0`,
      result_backend: `db+postgresql://u:${MASK}@db/results`,
      broker_transport_options: { password: MASK, visibility_timeout: 3600, sentinel_kwargs: { password: MASK } },
      include: ["app.tasks"],
      security_key: MASK,
      task_routes: { "app.io": { queue: "io", routing_key: "io" } },
      beat_schedule: { nightly: { task: "t", args: [`postgresql://a:${MASK}@c/d`] } },
    });
  });

  it("masks a secret's whole value, whatever its type, but shows that an unset one is unset", () => {
    expect(maskSecrets({ token: { nested: "x" }, password: 1234, api_key: null, secret: "" })).toEqual({ token: MASK, password: MASK, api_key: null, secret: "" });
  });

  it("does not mutate its input and keeps a '__proto__' key as plain data", () => {
    const input = JSON.parse('{"__proto__": {"password": "x"}, "a": "redis://:p@h/0"}') as Parameters<typeof maskSecrets>[0];
    const before = JSON.stringify(input);
    const out = maskSecrets(input) as Record<string, unknown>;
    expect(JSON.stringify(input)).toBe(before);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"password":"${MASK}"},"a":"redis://:${MASK}@h/0"}`);
  });
});
