import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { ForbiddenError, type Actor } from "@/lib/auth/actor";
import { channelInput } from "@/lib/alerts/channels";
import { alertRuleInput } from "@/lib/alerts/rule-schema";
import { getPrisma } from "@/lib/db/client";
import { findAlertChannel } from "@/lib/repositories/alert-channels";
import { saveAlertStates } from "@/lib/repositories/alert-states";
import { createAlertRule, deleteAlertRule, getAlertsSummary, listAlertRuleViews, updateAlertRule } from "./alerts";
import { createAlertChannel, deleteAlertChannel, listAlertChannelViews, updateAlertChannel } from "./alerts-channels";
import { AlertConflictError } from "./alerts-errors";

/** The alerts services as pages and actions call them, on their own database. */
const admin: Actor = { kind: "session", name: "alice", role: "admin" };
const viewer: Actor = { kind: "token", name: "ci-read", role: "viewer" };

describe("alerts services", () => {
  let drop: () => Promise<void>;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_alerts_services");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
  });

  afterAll(async () => {
    await getPrisma().$disconnect();
    process.env.DATABASE_URL = savedUrl;
    await drop?.();
  });

  it("seeds the runbook rules on first read, once", async () => {
    const first = await listAlertRuleViews();
    const second = await listAlertRuleViews();
    expect(first.map((rule) => rule.id).sort()).toEqual(second.map((rule) => rule.id).sort());
    expect(first).toHaveLength(10);
    expect(first.every((rule) => rule.builtin && rule.status === null)).toBe(true);
  });

  it("creates, edits and deletes custom rules; runbook rules cannot be deleted; viewers change nothing", async () => {
    const input = alertRuleInput.parse({ name: "Reports slow", metric: "avg_runtime", operator: "above", threshold: 1800, severity: "warning", taskPattern: "reports.*" });
    const rule = await createAlertRule(admin, input);
    expect(rule.id).toMatch(/^reports-slow-[0-9a-f]{6}$/);
    const edited = await updateAlertRule(admin, { ruleId: rule.id, rule: { ...input, threshold: 3600 } });
    expect(edited).toMatchObject({ threshold: 3600, updatedBy: "alice", builtin: false });

    await expect(updateAlertRule(viewer, { ruleId: rule.id, rule: input })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateAlertRule(admin, { ruleId: rule.id, rule: { ...input, channelIds: ["nope"] } })).rejects.toThrow(AlertConflictError);
    await expect(deleteAlertRule(admin, { ruleId: "workers-offline" })).rejects.toThrow(/disable it instead/);
    await deleteAlertRule(admin, { ruleId: rule.id });
    expect((await listAlertRuleViews()).some((view) => view.id === rule.id)).toBe(false);

    const audit = await getPrisma().auditLog.findMany({ where: { action: { startsWith: "alert." } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.action, row.actor, row.outcome])).toEqual([
      ["alert.create-alert-rules", "alice", "ok"],
      ["alert.edit-alert-rules", "alice", "ok"],
      ["alert.edit-alert-rules", "ci-read", "denied"],
      ["alert.edit-alert-rules", "alice", "error"],
      ["alert.delete-alert-rules", "alice", "error"],
      ["alert.delete-alert-rules", "alice", "ok"],
    ]);
  });

  it("keeps channel secrets on the server: masked views, blank edits keep them, audit rows never hold them", async () => {
    const created = await createAlertChannel(
      admin,
      channelInput.parse({ name: "pager", type: "webhook", url: "https://hooks.example.com/in?token=t0ps3cret", secret: "hmac-key", attachToAllRules: true }),
    );
    expect(created).toMatchObject({ target: "https://hooks.example.com/in?********", signed: true });
    await updateAlertChannel(admin, { channelId: created.id, channel: channelInput.parse({ name: "pager 2", type: "webhook", url: "", secret: "" }) });
    expect((await findAlertChannel(created.id))?.config).toEqual({ type: "webhook", url: "https://hooks.example.com/in?token=t0ps3cret", secret: "hmac-key" });
    expect(JSON.stringify(await listAlertChannelViews())).not.toMatch(/t0ps3cret|hmac-key/);
    const audit = await getPrisma().auditLog.findMany({ where: { action: { contains: "channels" } } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit.map((row) => [row.target, row.arguments, row.replies]))).not.toMatch(/t0ps3cret|hmac-key/);

    // attached to every rule on creation; taken out of every rule on deletion
    expect((await listAlertRuleViews()).every((rule) => rule.channels.some((channel) => channel.name === "pager 2"))).toBe(true);
    await deleteAlertChannel(admin, { channelId: created.id });
    expect((await listAlertRuleViews()).some((rule) => rule.channelIds.includes(created.id))).toBe(false);
  });

  it("summarises firing alerts for the bell, critical first", async () => {
    const now = Date.now();
    const state = (ruleId: string, phase: "ok" | "pending" | "firing", since: number) => ({
      ruleId,
      phase,
      phaseSince: since,
      clearSince: null,
      value: 1,
      summary: `${ruleId} summary`,
      subjects: [],
      lastNotifiedAt: null,
      evaluatedAt: now,
    });
    await saveAlertStates([state("queue-depth-warning", "firing", now - 5_000), state("workers-offline", "firing", now - 1_000), state("failure-rate", "pending", now), state("retry-rate", "ok", now)], getPrisma());
    const summary = await getAlertsSummary(now);
    expect(summary.firing.map((alert) => alert.ruleId)).toEqual(["workers-offline", "queue-depth-warning"]);
    expect(summary).toMatchObject({ pending: 1, critical: 1 });
  });
});
