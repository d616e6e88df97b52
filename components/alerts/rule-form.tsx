"use client";

import { useRouter } from "next/navigation";
import { cloneElement, useId, useState, useTransition, type FormEvent, type ReactElement } from "react";
import { createAlertRuleAction, updateAlertRuleAction } from "@/lib/actions/alert-actions";
import { formatDuration } from "@/lib/alerts/format";
import { METRIC_IDS, METRICS, type MetricId } from "@/lib/alerts/metrics";
import type { AlertRule } from "@/lib/alerts/rule-schema";
import { ActionMessage, type Message } from "./action-message";
import { buttonClass, inputClass, labelClass, primaryButtonClass } from "./form-styles";

export type RuleFormValues = Pick<
  AlertRule,
  | "name"
  | "description"
  | "metric"
  | "operator"
  | "threshold"
  | "clearThreshold"
  | "windowSeconds"
  | "minTasks"
  | "forSeconds"
  | "clearForSeconds"
  | "renotifySeconds"
  | "severity"
  | "taskPattern"
  | "queuePattern"
  | "workerPattern"
  | "enabled"
  | "channelIds"
>;

export const NEW_RULE: RuleFormValues = {
  name: "",
  description: "",
  metric: "queue_depth",
  operator: "above",
  threshold: 10,
  clearThreshold: null,
  windowSeconds: 300,
  minTasks: 0,
  forSeconds: 60,
  clearForSeconds: 60,
  renotifySeconds: 0,
  severity: "warning",
  taskPattern: null,
  queuePattern: null,
  workerPattern: null,
  enabled: true,
  channelIds: [],
};

/**
 * Creates or edits a rule. The server validates everything again (lib/alerts/rule-schema.ts)
 * and answers with the first problem, which is shown here; fields that do not apply to the
 * chosen metric are hidden and sent blank.
 */
export function RuleForm({ ruleId, initial, channels }: { ruleId: string | null; initial: RuleFormValues; channels: { id: string; name: string }[] }) {
  const router = useRouter();
  const [metric, setMetric] = useState<MetricId>(initial.metric);
  const [message, setMessage] = useState<Message>(null);
  const [pending, startTransition] = useTransition();
  const info = METRICS[metric];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const number = (name: string) => (text(name) === "" ? Number.NaN : Number(text(name)));
    const rule = {
      name: text("name"),
      description: text("description"),
      metric,
      operator: text("operator") === "below" ? ("below" as const) : ("above" as const),
      threshold: number("threshold"),
      clearThreshold: text("clearThreshold") === "" ? null : number("clearThreshold"),
      windowSeconds: info.windowed ? text("windowSeconds") : initial.windowSeconds,
      minTasks: info.counted ? Math.trunc(number("minTasks") || 0) : 0,
      forSeconds: text("forSeconds"),
      clearForSeconds: text("clearForSeconds"),
      renotifySeconds: text("renotifySeconds"),
      severity: text("severity") === "critical" ? ("critical" as const) : ("warning" as const),
      taskPattern: info.scopes.includes("task") ? text("taskPattern") : null,
      queuePattern: info.scopes.includes("queue") ? text("queuePattern") : null,
      workerPattern: info.scopes.includes("worker") ? text("workerPattern") : null,
      enabled: form.get("enabled") === "on",
      channelIds: form.getAll("channelIds").map(String),
    };
    startTransition(async () => {
      const result = ruleId ? await updateAlertRuleAction({ ruleId, rule }) : await createAlertRuleAction(rule);
      if (!result.ok) return setMessage({ kind: "error", text: result.error.message });
      setMessage({ kind: "ok", text: ruleId ? "Rule saved." : "Rule created." });
      if (ruleId) router.refresh();
      else router.push(`/alerts/rules/${encodeURIComponent(result.data.id)}`);
    });
  };

  return (
    <form onSubmit={submit} aria-label={ruleId ? "Edit rule" : "New rule"} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name">
          <input name="name" required maxLength={120} defaultValue={initial.name} className={inputClass} />
        </Field>
        <Field label="Severity">
          <select name="severity" defaultValue={initial.severity} className={inputClass}>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
          </select>
        </Field>
        <Field label="Description" wide>
          <textarea name="description" rows={2} maxLength={1000} defaultValue={initial.description} className={inputClass} />
        </Field>
        <Field label="Metric" hint={info.help}>
          <select name="metric" value={metric} onChange={(event) => setMetric(event.target.value as MetricId)} className={inputClass}>
            {METRIC_IDS.map((id) => (
              <option key={id} value={id}>
                {METRICS[id].label}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <Field label="Fires when the value is">
            <select name="operator" defaultValue={initial.operator} className={inputClass}>
              <option value="above">above</option>
              <option value="below">below</option>
            </select>
          </Field>
          <Field label={`Threshold${unitSuffix(info.unit)}`}>
            <input name="threshold" type="number" step="any" required defaultValue={initial.threshold} className={inputClass} />
          </Field>
        </div>
        <Field label={`Clears back past${unitSuffix(info.unit)}`} hint="Hysteresis; blank = the threshold.">
          <input name="clearThreshold" type="number" step="any" defaultValue={initial.clearThreshold ?? ""} className={inputClass} />
        </Field>
        {info.windowed ? (
          <Field label="Window" hint='e.g. "5m"; rollups are per minute.'>
            <input name="windowSeconds" defaultValue={formatDuration(initial.windowSeconds)} className={inputClass} />
          </Field>
        ) : null}
        {info.counted ? (
          <Field label="At least this many tasks in the window">
            <input name="minTasks" type="number" min={0} step={1} defaultValue={initial.minTasks} className={inputClass} />
          </Field>
        ) : null}
        <Field label="For" hint="How long the condition must hold before it fires.">
          <input name="forSeconds" defaultValue={formatDuration(initial.forSeconds)} className={inputClass} />
        </Field>
        <Field label="Clear for" hint="How long it must stay clear before it resolves.">
          <input name="clearForSeconds" defaultValue={formatDuration(initial.clearForSeconds)} className={inputClass} />
        </Field>
        <Field label="Remind every" hint="While firing and unacknowledged; 0 = never.">
          <input name="renotifySeconds" defaultValue={formatDuration(initial.renotifySeconds)} className={inputClass} />
        </Field>
        {info.scopes.includes("task") ? (
          <Field label="Task names" hint='Globs, comma-separated: "reports.*, billing.export". Blank = all.'>
            <input name="taskPattern" defaultValue={initial.taskPattern ?? ""} className={inputClass} />
          </Field>
        ) : null}
        {info.scopes.includes("queue") ? (
          <Field label="Queues" hint="Globs, comma-separated. Blank = all.">
            <input name="queuePattern" defaultValue={initial.queuePattern ?? ""} className={inputClass} />
          </Field>
        ) : null}
        {info.scopes.includes("worker") ? (
          <Field label="Workers" hint="Hostname globs, comma-separated. Blank = all.">
            <input name="workerPattern" defaultValue={initial.workerPattern ?? ""} className={inputClass} />
          </Field>
        ) : null}
      </div>
      <fieldset className="space-y-1">
        <legend className={labelClass}>Notify</legend>
        {channels.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No channel yet: add one under Channels. Alerts still show in the console.</p> : null}
        {channels.map((channel) => (
          <label key={channel.id} className="mr-4 inline-flex items-center gap-1 text-sm">
            <input type="checkbox" name="channelIds" value={channel.id} defaultChecked={initial.channelIds.includes(channel.id)} /> {channel.name}
          </label>
        ))}
      </fieldset>
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Enabled
      </label>
      <div className="flex items-center gap-2">
        <button type="submit" className={primaryButtonClass} disabled={pending}>
          {ruleId ? "Save rule" : "Create rule"}
        </button>
        {ruleId ? null : (
          <button type="button" className={buttonClass} onClick={() => router.push("/alerts")}>
            Cancel
          </button>
        )}
      </div>
      <ActionMessage message={message} />
    </form>
  );
}

function unitSuffix(unit: string): string {
  return unit === "percent" ? " (%)" : unit === "seconds" ? " (s)" : unit === "mib" ? " (MiB)" : "";
}

/** A labelled control; the hint sits outside the label (so the label stays the control's name) and describes it. */
function Field({ label, hint, wide = false, children }: { label: string; hint?: string; wide?: boolean; children: ReactElement<{ "aria-describedby"?: string }> }) {
  const hintId = useId();
  return (
    <div className={`text-sm ${wide ? "sm:col-span-2" : ""}`}>
      <label className="block">
        <span className={labelClass}>{label}</span>
        {hint ? cloneElement(children, { "aria-describedby": hintId }) : children}
      </label>
      {hint ? (
        <p id={hintId} className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
