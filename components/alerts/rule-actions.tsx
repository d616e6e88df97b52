"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { acknowledgeAlertAction, deleteAlertRuleAction, silenceAlertRuleAction, unsilenceAlertRuleAction } from "@/lib/actions/alert-actions";
import type { ActionResult } from "@/lib/actions/define-action";
import { ActionMessage, type Message } from "./action-message";
import { buttonClass, inputClass, labelClass } from "./form-styles";

/** Acknowledge, silence for a period, lift a silence, delete: each audited on the server. */
export function RuleActions({ ruleId, ruleName, firing, acknowledged, silenced, builtin }: { ruleId: string; ruleName: string; firing: boolean; acknowledged: boolean; silenced: boolean; builtin: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  const [pending, startTransition] = useTransition();

  const run = <T,>(action: () => Promise<ActionResult<T>>, success: string, after?: () => void) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) return setMessage({ kind: "error", text: result.error.message });
      setMessage({ kind: "ok", text: success });
      if (after) after();
      else router.refresh();
    });

  const silence = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(() => silenceAlertRuleAction({ ruleId, duration: String(form.get("duration") ?? "1h"), reason: String(form.get("reason") ?? "") }), `Silenced for ${String(form.get("duration"))}.`);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {firing && !acknowledged ? (
          <button type="button" className={buttonClass} disabled={pending} onClick={() => run(() => acknowledgeAlertAction({ ruleId }), "Acknowledged: no more reminders until it resolves.")}>
            Acknowledge
          </button>
        ) : null}
        {silenced ? (
          <button type="button" className={buttonClass} disabled={pending} onClick={() => run(() => unsilenceAlertRuleAction({ ruleId }), "Silence lifted.")}>
            Lift silence
          </button>
        ) : null}
        {builtin ? null : (
          <button
            type="button"
            className={buttonClass}
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete the rule "${ruleName}"? Its history stays.`)) run(() => deleteAlertRuleAction({ ruleId }), "Rule deleted.", () => router.push("/alerts"));
            }}
          >
            Delete rule
          </button>
        )}
      </div>
      <form onSubmit={silence} aria-label="Silence" className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className={labelClass}>Silence for</span>
          <select name="duration" defaultValue="1h" className={inputClass}>
            {["15m", "1h", "4h", "12h", "1d", "7d"].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className={labelClass}>Reason</span>
          <input name="reason" maxLength={500} className={inputClass} placeholder="maintenance window" />
        </label>
        <button type="submit" className={buttonClass} disabled={pending}>
          Silence
        </button>
      </form>
      <ActionMessage message={message} />
    </div>
  );
}
