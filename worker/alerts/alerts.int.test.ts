import crypto from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { celeryEnv, PYTHON, SAMPLE_APP_DIR, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { run } from "@/e2e/rig/wait";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { ForbiddenError, type Actor } from "@/lib/auth/actor";
import { DEFAULT_RULES } from "@/lib/alerts/default-rules";
import { testMessage } from "@/lib/alerts/message";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type WebhookPayload } from "@/lib/alerts/payloads/webhook";
import type { SlackPayload } from "@/lib/alerts/payloads/slack";
import type { AlertRuleInput } from "@/lib/alerts/rule-schema";
import { createPrismaClient, getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueDeliveries } from "@/lib/repositories/alert-deliveries";
import { findAlertState } from "@/lib/repositories/alert-states";
import { acknowledgeAlert, silenceAlertRule, updateAlertRule } from "@/lib/services/alerts";
import { createAlertChannel, sendTestNotification } from "@/lib/services/alerts-channels";
import { startIngest, type RunningIngest } from "../ingest/ingest-service";
import { startAlerts, type RunningAlerts } from "./alerts-runner";
import { startHttpReceiver, type HttpReceiver } from "./testing/http-receiver";
import { startSmtpSink, type SmtpSink } from "./testing/smtp-sink";

/**
 * Alerts end to end with real parts: real Celery workers on the rig's Redis, Bloom's ingest
 * (events, worker sweeper, queue sampler) and the alert loops with second-scale timings,
 * a real HTTP server on loopback for Slack and webhooks, a real SMTP server for email.
 */
const admin: Actor = { kind: "session", name: "alice", role: "admin" };
const viewer: Actor = { kind: "session", name: "victor", role: "viewer" };
const SECRET = "hook-secret";
const BACKLOG = `alerts.backlog.${crypto.randomBytes(3).toString("hex")}`;
const log = pino({ level: "silent" });

/** A Redis database of its own: other test files' workers use db 0. */
const brokerUrl = () => inject("redisUrl").replace(/\/0$/, "/12");

function defaults(id: string): AlertRuleInput {
  const found = DEFAULT_RULES.find((rule) => rule.id === id);
  if (!found) throw new Error(`no default rule ${id}`);
  return found.rule;
}

/** Runs Python against the sample app (sends tasks like a real client). */
async function python(code: string): Promise<void> {
  await run(PYTHON, ["-c", `import bloom_sample as s\n${code}`], { cwd: SAMPLE_APP_DIR, env: celeryEnv({ brokerUrl: brokerUrl() }), timeoutMs: 60_000 });
}

const jsonBodies = <T>(receiver: HttpReceiver, path: string): T[] => receiver.on(path).map((request) => JSON.parse(request.body) as T);

describe("alerts", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let receiver: HttpReceiver;
  let sink: SmtpSink;
  let ingest: RunningIngest;
  let alerts: RunningAlerts;
  let worker: CeleryWorker | undefined;
  const channels = { slack: "", hook: "", email: "" };
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_alerts");
    drop = db.drop;
    receiver = await startHttpReceiver((path, attempt) => (path === "/flaky" ? (attempt <= 2 ? 500 : 200) : path === "/gone" ? 404 : 200));
    sink = await startSmtpSink();
    // The services (test notifications) read DATABASE_URL and the SMTP settings from the environment, as the web app does.
    Object.assign(process.env, { DATABASE_URL: db.url, BLOOM_SMTP_HOST: "127.0.0.1", BLOOM_SMTP_PORT: String(sink.port), BLOOM_SMTP_FROM: "bloom@alerts.test", BLOOM_ALERT_BASE_URL: "http://bloom.test" });
    prisma = createPrismaClient(db.url, 4);

    ingest = await startIngest({
      prisma,
      brokerUrl: brokerUrl(),
      instanceId: "alerts-test",
      log,
      healthIntervalMs: 200,
      inspector: false,
      maintenance: {
        retention: { maxTasks: null, taskMaxAge: null, failedTaskMaxAge: null, workerOfflineMaxAge: null },
        retentionIntervalMs: 3_600_000,
        sweepIntervalMs: 500,
        sampleIntervalMs: 300,
        queues: [BACKLOG],
      },
    });
    await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 20_000 });
    alerts = startAlerts({
      prisma,
      log,
      intervalMs: 250,
      deliveryIntervalMs: 100,
      baseUrl: "http://bloom.test",
      smtp: { host: "127.0.0.1", port: sink.port, secure: false, user: undefined, password: undefined, from: "bloom@alerts.test" },
      retry: { maxAttempts: 3, baseMs: 300, maxMs: 2_000 },
      sendTimeoutMs: 5_000,
    });
    // The first round seeds the runbook rules.
    await waitFor("the default rules", async () => (await prisma.alertRule.count()) === DEFAULT_RULES.length, { timeoutMs: 10_000 });
    channels.slack = (await createAlertChannel(admin, { name: "slack", type: "slack", enabled: true, url: `${receiver.url}/slack`, clearSecret: false, attachToAllRules: false })).id;
    channels.hook = (await createAlertChannel(admin, { name: "hook", type: "webhook", enabled: true, url: `${receiver.url}/hook`, secret: SECRET, clearSecret: false, attachToAllRules: false })).id;
    channels.email = (await createAlertChannel(admin, { name: "ops mail", type: "email", enabled: true, to: "ops@example.com", clearSecret: false, attachToAllRules: false })).id;
  });

  afterAll(async () => {
    await worker?.stop();
    await alerts?.stop();
    await ingest?.stop();
    await receiver?.close();
    await sink?.close();
    await prisma?.$disconnect();
    await getPrisma().$disconnect();
    process.env = savedEnv;
    await drop?.();
  });

  it("sends a test notification to Slack, a signed webhook and email, and refuses a viewer (audited)", async () => {
    expect(await sendTestNotification(admin, { channelId: channels.slack })).toEqual({ ok: true, error: null, responseStatus: 200 });
    expect(await sendTestNotification(admin, { channelId: channels.hook })).toMatchObject({ ok: true });
    expect(await sendTestNotification(admin, { channelId: channels.email })).toMatchObject({ ok: true });

    const slack = jsonBodies<SlackPayload>(receiver, "/slack").at(-1);
    expect(slack?.text).toContain("Test notification");
    const hook = receiver.on("/hook").at(-1);
    expect(hook && verifySignature(SECRET, String(hook.headers[TIMESTAMP_HEADER.toLowerCase()]), hook.body, String(hook.headers[SIGNATURE_HEADER.toLowerCase()]))).toBe(true);
    expect((JSON.parse(hook?.body ?? "{}") as WebhookPayload).kind).toBe("test");
    const mail = sink.messages.at(-1);
    expect(mail).toMatchObject({ from: "bloom@alerts.test", to: ["ops@example.com"], subject: "[WARNING] Test notification (test)" });

    await expect(sendTestNotification(viewer, { channelId: channels.slack })).rejects.toBeInstanceOf(ForbiddenError);
    const audit = await prisma.auditLog.findMany({ where: { action: "alert.send-test-notifications" }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.actor, row.outcome])).toEqual([
      ["alice", "ok"],
      ["alice", "ok"],
      ["alice", "ok"],
      ["victor", "denied"],
    ]);
    const logged = await prisma.alertDelivery.findMany({ where: { kind: "test" } });
    expect(logged.map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("fires 'all workers offline' when the workers stop and resolves it when they are back", async () => {
    await updateAlertRule(admin, { ruleId: "workers-offline", rule: { ...defaults("workers-offline"), forSeconds: 1, channelIds: [channels.hook] } });
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), name: "alerts-w1", concurrency: 1 });
    await waitFor("the worker counted online", async () => (await findAlertState("workers-offline", prisma))?.value === 1, { timeoutMs: 20_000 });
    expect((await findAlertState("workers-offline", prisma))?.phase).toBe("ok");

    await worker.stop();
    worker = undefined;
    const fired = await waitFor("the fired webhook", () => receiver.on("/hook").find((request) => request.body.includes('"kind":"fired"') && request.body.includes("workers-offline")), { timeoutMs: 30_000 });
    const payload = JSON.parse(fired.body) as WebhookPayload;
    expect(payload).toMatchObject({ ruleId: "workers-offline", severity: "critical", value: 0, summary: "0 of 1 workers online", url: "http://bloom.test/alerts/rules/workers-offline" });
    expect(payload.subjects).toEqual([{ name: "alerts-w1@bloomtest", value: "offline" }]);
    expect(verifySignature(SECRET, String(fired.headers["x-bloom-timestamp"]), fired.body, String(fired.headers["x-bloom-signature"]))).toBe(true);
    // `for: 1s`: the alert waited in pending for a second after the worker went offline.
    const offlineAt = (await prisma.worker.findUnique({ where: { hostname: "alerts-w1@bloomtest" } }))?.offlineAt?.getTime() ?? Number.NaN;
    expect(payload.firedAt ?? 0).toBeGreaterThanOrEqual(offlineAt + 1_000);

    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), name: "alerts-w1", concurrency: 1 });
    const resolved = await waitFor("the resolved webhook", () => receiver.on("/hook").find((request) => request.body.includes('"kind":"resolved"')), { timeoutMs: 30_000 });
    expect(JSON.parse(resolved.body)).toMatchObject({ ruleId: "workers-offline", value: 1, firedAt: payload.firedAt });
    const history = await prisma.alertHistory.findMany({ where: { ruleId: "workers-offline" }, orderBy: { id: "asc" } });
    expect(history.map((row) => row.kind)).toEqual(["fired", "resolved"]);
    // One notification each way: no repeats while it was firing.
    expect(receiver.on("/hook").filter((request) => request.body.includes("workers-offline"))).toHaveLength(2);
  });

  it("fires the failure-rate rule on a burst of failing tasks", async () => {
    await updateAlertRule(admin, { ruleId: "failure-rate", rule: { ...defaults("failure-rate"), minTasks: 5, forSeconds: 0, channelIds: [channels.slack] } });
    if (!worker) throw new Error("the worker should be running");
    await python(`for i in range(8): s.fail.delay("burst %d" % i)\nfor i in range(2): s.add.delay(i, i)`);
    const slack = await waitFor("the failure-rate Slack message", () => jsonBodies<SlackPayload>(receiver, "/slack").find((body) => body.text.includes("Failure rate above 10%")), { timeoutMs: 30_000 });
    expect(slack.text).toContain("[CRITICAL] Failure rate above 10% is firing");
    expect(JSON.stringify(slack.blocks)).toContain("bloom_sample.fail");
    const state = await findAlertState("failure-rate", prisma);
    expect(state?.phase).toBe("firing");
    expect(state?.value).toBeGreaterThan(10);
  });

  it("fires the queue-depth rule on a growing queue nobody consumes, by email; acknowledging and silencing are audited", async () => {
    await updateAlertRule(admin, { ruleId: "queue-depth-critical", rule: { ...defaults("queue-depth-critical"), forSeconds: 1, clearForSeconds: 0, queuePattern: BACKLOG, channelIds: [channels.email] } });
    await python(`with s.app.producer_or_acquire() as p:\n    for i in range(60): s.add.apply_async((i, i), queue="${BACKLOG}", producer=p)`);
    const mail = await waitFor("the queue-depth email", () => sink.messages.find((message) => message.subject.includes("Queue depth above 50")), { timeoutMs: 30_000 });
    expect(mail.subject).toBe("[CRITICAL] Queue depth above 50 is firing");
    expect(mail.raw).toContain(`${BACKLOG} has 60 waiting messages`);

    await expect(acknowledgeAlert(viewer, { ruleId: "queue-depth-critical" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await acknowledgeAlert(admin, { ruleId: "queue-depth-critical" })).toEqual({ acknowledged: true });
    expect((await findAlertState("queue-depth-critical", prisma))?.acknowledgedBy).toBe("alice");
    await silenceAlertRule(admin, { ruleId: "queue-depth-critical", duration: 3600, reason: "draining it" });

    // Drain the queue: the alert resolves (history) but, silenced, tells nobody.
    const redis = new Redis(brokerUrl());
    await redis.del(BACKLOG);
    await redis.quit();
    await waitFor("the resolution", async () => (await findAlertState("queue-depth-critical", prisma))?.phase === "ok", { timeoutMs: 20_000 });
    const history = await prisma.alertHistory.findMany({ where: { ruleId: "queue-depth-critical" }, orderBy: { id: "asc" } });
    expect(history.map((row) => [row.kind, row.actor])).toEqual([
      ["fired", null],
      ["acknowledged", "alice"],
      ["silenced", "alice"],
      ["resolved", null],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sink.messages.filter((message) => message.subject.includes("Queue depth above 50"))).toHaveLength(1);
    const audit = await prisma.auditLog.findMany({ where: { target: "queue-depth-critical" }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.action, row.actor, row.outcome])).toEqual([
      ["alert.edit-alert-rules", "alice", "ok"],
      ["alert.acknowledge-alerts", "victor", "denied"],
      ["alert.acknowledge-alerts", "alice", "ok"],
      ["alert.silence-alerts", "alice", "ok"],
    ]);
  });

  it("retries failed deliveries with backoff and gives up at once on a permanent refusal", async () => {
    const flaky = await createAlertChannel(admin, { name: "flaky", type: "webhook", enabled: true, url: `${receiver.url}/flaky`, clearSecret: false, attachToAllRules: false });
    const gone = await createAlertChannel(admin, { name: "gone", type: "slack", enabled: true, url: `${receiver.url}/gone`, clearSecret: false, attachToAllRules: false });
    const message = testMessage("retry", Date.now(), undefined);
    await enqueueDeliveries(
      [flaky, gone].map((channel) => ({ channelId: channel.id, channelName: channel.name, channelType: channel.type, ruleId: null, kind: "test" as const, message, status: "pending" as const, nextAttemptAt: new Date() })),
      prisma,
    );
    const rows = await waitFor(
      "both deliveries settled",
      async () => {
        const found = await prisma.alertDelivery.findMany({ where: { channelId: { in: [flaky.id, gone.id] } } });
        return found.every((row) => row.status !== "pending") ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const byChannel = Object.fromEntries(rows.map((row) => [row.channelName, row]));
    expect(byChannel.flaky).toMatchObject({ status: "sent", attempts: 3, responseStatus: 200 });
    expect(byChannel.gone).toMatchObject({ status: "failed", attempts: 1, responseStatus: 404, lastError: "HTTP 404: refused with 404" });
    const times = receiver.on("/flaky").map((request) => request.at);
    expect(times).toHaveLength(3);
    // backoff 300 ms, then 600 ms (the loop ticks every 100 ms, so allow that much early)
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(250);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(550);
  });
});
