"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { createAlertChannelAction, deleteAlertChannelAction, sendTestNotificationAction, updateAlertChannelAction } from "@/lib/actions/alert-actions";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ChannelType, ChannelView } from "@/lib/alerts/channels";
import { ActionMessage, type Message } from "./action-message";
import { buttonClass, inputClass, labelClass, primaryButtonClass } from "./form-styles";

/**
 * Channels with their targets masked; admins add, edit (a blank secret keeps the stored one),
 * delete, and send a test notification, whose outcome (the receiver's own answer) shows here.
 */
export function ChannelsManager({ channels, isAdmin, smtpConfigured }: { channels: ChannelView[]; isAdmin: boolean; smtpConfigured: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = <T,>(action: () => Promise<ActionResult<T>>, success: (data: T) => Message) =>
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? success(result.data) : { kind: "error", text: result.error.message });
      if (result.ok) router.refresh();
    });

  return (
    <div className="space-y-4">
      <ActionMessage message={message} />
      {channels.length === 0 ? (
        <EmptyState title="No channel yet">
          <p>Alerts show in the console; add a Slack webhook, a webhook or email to be told elsewhere.</p>
        </EmptyState>
      ) : (
        <Table caption="Channels">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Type</Th>
              <Th>Target</Th>
              <Th>State</Th>
              {isAdmin ? <Th>Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.id}>
                <Td className="font-medium">{channel.name}</Td>
                <Td>{channel.type}</Td>
                <Td className="font-mono text-xs break-all">
                  {channel.target}
                  {channel.type === "webhook" ? <span className="ml-2 font-sans text-slate-500">{channel.signed ? "signed (HMAC-SHA256)" : "unsigned"}</span> : null}
                </Td>
                <Td>
                  <StatusBadge tone={channel.enabled ? "healthy" : "neutral"}>{channel.enabled ? "enabled" : "disabled"}</StatusBadge>
                </Td>
                {isAdmin ? (
                  <Td>
                    <div className="flex flex-wrap gap-2">
                      <button
                        type="button"
                        className={buttonClass}
                        disabled={pending}
                        onClick={() =>
                          run(
                            () => sendTestNotificationAction({ channelId: channel.id }),
                            (result) => (result.ok ? { kind: "ok", text: `Test notification sent to ${channel.name}.` } : { kind: "error", text: `Test notification to ${channel.name} failed: ${result.error ?? "unknown error"}` }),
                          )
                        }
                      >
                        Send test notification
                      </button>
                      <button type="button" className={buttonClass} disabled={pending} onClick={() => setEditing(editing === channel.id ? null : channel.id)}>
                        {editing === channel.id ? "Close" : "Edit"}
                      </button>
                      <button
                        type="button"
                        className={buttonClass}
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(`Delete the channel "${channel.name}"? Rules stop notifying it.`)) run(() => deleteAlertChannelAction({ channelId: channel.id }), () => ({ kind: "ok", text: `Deleted ${channel.name}.` }));
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isAdmin && editing ? (
        <ChannelForm
          key={editing}
          channel={channels.find((channel) => channel.id === editing) ?? null}
          smtpConfigured={smtpConfigured}
          pending={pending}
          onSubmit={(input) =>
            run(
              () => updateAlertChannelAction({ channelId: editing, channel: input }),
              (view) => {
                setEditing(null);
                return { kind: "ok", text: `Saved ${view.name}.` };
              },
            )
          }
        />
      ) : null}
      {isAdmin ? (
        <ChannelForm
          channel={null}
          smtpConfigured={smtpConfigured}
          pending={pending}
          onSubmit={(input, form) =>
            run(
              () => createAlertChannelAction(input),
              (view) => {
                form.reset();
                return { kind: "ok", text: `Added ${view.name}.` };
              },
            )
          }
        />
      ) : null}
    </div>
  );
}

type ChannelFormInput = { name: string; type: ChannelType; enabled: boolean; url?: string; secret?: string; clearSecret: boolean; to?: string; attachToAllRules: boolean };

function ChannelForm({ channel, smtpConfigured, pending, onSubmit }: { channel: ChannelView | null; smtpConfigured: boolean; pending: boolean; onSubmit: (input: ChannelFormInput, form: HTMLFormElement) => void }) {
  const [type, setType] = useState<ChannelType>(channel?.type ?? "slack");
  const editing = channel !== null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    onSubmit(
      {
        name: text("name"),
        type,
        enabled: form.get("enabled") === "on",
        url: text("url"),
        secret: text("secret"),
        clearSecret: form.get("clearSecret") === "on",
        to: text("to"),
        attachToAllRules: form.get("attachToAllRules") === "on",
      },
      event.currentTarget,
    );
  };
  return (
    <form onSubmit={submit} aria-label={editing ? `Edit channel ${channel.name}` : "Add a channel"} className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h3 className="text-sm font-medium">{editing ? `Edit ${channel.name}` : "Add a channel"}</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className={labelClass}>Name</span>
          <input name="name" required maxLength={120} defaultValue={channel?.name ?? ""} className={inputClass} />
        </label>
        <label className="block text-sm">
          <span className={labelClass}>Type</span>
          <select name="type" value={type} onChange={(event) => setType(event.target.value as ChannelType)} className={inputClass}>
            <option value="slack">Slack (incoming webhook)</option>
            <option value="webhook">Webhook (JSON POST)</option>
            <option value="email">Email</option>
          </select>
        </label>
        {type === "slack" || type === "webhook" ? (
          <label className="block text-sm sm:col-span-2">
            <span className={labelClass}>{type === "slack" ? "Slack webhook URL" : "URL"}</span>
            <input name="url" type="url" required={!editing} autoComplete="off" placeholder={editing ? "unchanged (stored, not shown)" : "https://…"} className={inputClass} />
          </label>
        ) : null}
        {type === "webhook" ? (
          <label className="block text-sm">
            <span className={labelClass}>Signing secret (optional; X-Bloom-Signature: sha256=HMAC)</span>
            <input name="secret" type="password" autoComplete="new-password" placeholder={editing && channel.signed ? "unchanged (stored, not shown)" : ""} className={inputClass} />
          </label>
        ) : null}
        {type === "webhook" && editing && channel.signed ? (
          <label className="inline-flex items-center gap-2 self-end text-sm">
            <input type="checkbox" name="clearSecret" /> Remove the secret
          </label>
        ) : null}
        {type === "email" ? (
          <label className="block text-sm sm:col-span-2">
            <span className={labelClass}>Recipients (comma or newline separated)</span>
            <textarea name="to" rows={2} required defaultValue={channel?.recipients.join(", ") ?? ""} className={inputClass} />
            {smtpConfigured ? null : <span className="mt-0.5 block text-xs text-amber-700 dark:text-amber-400">SMTP is not configured (BLOOM_SMTP_HOST): email cannot be sent yet.</span>}
          </label>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="inline-flex items-center gap-2">
          <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
        </label>
        {editing ? null : (
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" name="attachToAllRules" defaultChecked /> Notify it of every rule
          </label>
        )}
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending}>
        {editing ? "Save channel" : "Add channel"}
      </button>
    </form>
  );
}
