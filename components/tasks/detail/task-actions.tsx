"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { buttonClass, inputClass } from "@/components/control/button-styles";
import { ActionErrorNotice, CommandReplies } from "@/components/control/command-replies";
import { ConfirmButton } from "@/components/control/confirm-button";
import { useControlActions } from "@/components/control/use-control-action";
import { retryTaskAction, revokeTasksAction } from "@/lib/actions/control-actions";
import type { CommandResult } from "@/lib/services/control/run-command";
import type { SentTask } from "@/lib/services/control/send-task";

const UNFINISHED = new Set(["PENDING", "RECEIVED", "STARTED", "RETRY"]);
const SIGNALS = ["SIGTERM", "SIGKILL", "SIGINT", "SIGQUIT", "SIGUSR1"] as const;

type Props = {
  uuid: string;
  name: string | null;
  state: string;
  /** the stored arguments parsed as JSON; false: a retry must ask for them */
  argsAreJson: boolean;
  /** the arguments as the events carried them (Python repr) */
  argsRepr: string | null;
  kwargsRepr: string | null;
  /** admins see the buttons; everyone sees the "retried as" links */
  canAct: boolean;
  retries: { uuid: string; state: string }[];
};

/**
 * Revoke and terminate while the task is queued or running; retry once it finished. Retry
 * re-sends the stored arguments when they are JSON, and otherwise asks for them as JSON
 * instead of guessing from Python's repr.
 */
export function TaskActions({ uuid, name, state, argsAreJson, argsRepr, kwargsRepr, canAct, retries }: Props) {
  const router = useRouter();
  const ids = useId();
  const revoke = useControlActions<CommandResult>();
  const retry = useControlActions<SentTask>();
  const [signal, setSignal] = useState<(typeof SIGNALS)[number]>("SIGTERM");
  const [argsText, setArgsText] = useState("[]");
  const [kwargsText, setKwargsText] = useState("{}");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const unfinished = UNFINISHED.has(state);
  const pending = revoke.pending || retry.pending;

  const sendRetry = (input: { id: string; args?: unknown[]; kwargs?: Record<string, unknown> }) =>
    retry.run("Retry", () => retryTaskAction(input as Parameters<typeof retryTaskAction>[0]), () => router.refresh());

  const retryWithGivenArguments = () => {
    let args: unknown;
    let kwargs: unknown;
    try {
      args = JSON.parse(argsText);
      kwargs = JSON.parse(kwargsText);
    } catch (error) {
      setJsonError(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!Array.isArray(args)) return setJsonError("Arguments must be a JSON array, e.g. [1, \"a\"]");
    if (typeof kwargs !== "object" || kwargs === null || Array.isArray(kwargs)) return setJsonError('Keyword arguments must be a JSON object, e.g. {"x": 1}');
    setJsonError(null);
    sendRetry({ id: uuid, args: args as unknown[], kwargs: kwargs as Record<string, unknown> });
  };

  return (
    <div className="flex flex-col items-end gap-2">
      {retries.length > 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Retried as{" "}
          {retries.map((r, i) => (
            <span key={r.uuid}>
              {i > 0 ? ", " : null}
              <Link href={`/task/${encodeURIComponent(r.uuid)}`} className="font-mono text-emerald-700 hover:underline dark:text-emerald-400">
                {r.uuid.slice(0, 8)}
              </Link>{" "}
              ({r.state})
            </span>
          ))}
        </p>
      ) : null}

      {canAct && unfinished ? (
        <div className="flex flex-wrap items-center justify-end gap-2">
          <ConfirmButton
            label="Revoke"
            confirmLabel="Yes, revoke"
            disabled={pending}
            question="Revoke this task on every worker? A queued copy is skipped; a running one goes on unless terminated."
            onConfirm={() => revoke.run("Revoke", () => revokeTasksAction({ taskIds: [uuid] }), () => router.refresh())}
          />
          {state === "STARTED" ? (
            <>
              <label className="flex items-center gap-1 text-sm">
                Signal
                <select className={inputClass} value={signal} onChange={(e) => setSignal(e.target.value as (typeof SIGNALS)[number])}>
                  {SIGNALS.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
              <ConfirmButton
                label="Terminate"
                confirmLabel="Yes, terminate"
                disabled={pending}
                question={`Send ${signal} to the process running this task? Its work is lost.`}
                onConfirm={() => revoke.run("Terminate", () => revokeTasksAction({ taskIds: [uuid], terminate: true, signal }), () => router.refresh())}
              />
            </>
          ) : null}
        </div>
      ) : null}

      {canAct && !unfinished && name !== null ? (
        argsAreJson ? (
          <ConfirmButton
            label="Retry"
            confirmLabel="Yes, send again"
            tone="neutral"
            disabled={pending}
            question={`Send ${name} again with the same arguments?`}
            onConfirm={() => sendRetry({ id: uuid })}
          />
        ) : (
          <form
            aria-label="Retry with arguments"
            className="w-full max-w-md space-y-2 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-700"
            onSubmit={(event) => {
              event.preventDefault();
              retryWithGivenArguments();
            }}
          >
            <p className="text-slate-600 dark:text-slate-300">
              The stored arguments <code className="font-mono text-xs">{argsRepr ?? "(unknown)"}</code>
              {kwargsRepr ? (
                <>
                  {" "}
                  <code className="font-mono text-xs">{kwargsRepr}</code>
                </>
              ) : null}{" "}
              are not JSON, so Bloom will not guess them. Give them as JSON to retry:
            </p>
            <label className="block" htmlFor={`${ids}-args`}>
              Arguments (JSON array)
            </label>
            <textarea id={`${ids}-args`} className={`${inputClass} h-16 w-full font-mono`} value={argsText} onChange={(e) => setArgsText(e.target.value)} />
            <label className="block" htmlFor={`${ids}-kwargs`}>
              Keyword arguments (JSON object)
            </label>
            <textarea id={`${ids}-kwargs`} className={`${inputClass} h-16 w-full font-mono`} value={kwargsText} onChange={(e) => setKwargsText(e.target.value)} />
            {jsonError ? (
              <p role="alert" className="text-red-800 dark:text-red-300">
                {jsonError}
              </p>
            ) : null}
            <button type="submit" className={buttonClass("neutral")} disabled={pending}>
              Retry with these arguments
            </button>
          </form>
        )
      ) : null}

      <div aria-live="polite" className="max-w-md space-y-1 text-right">
        {pending ? <p className="text-sm text-slate-500 dark:text-slate-400">Sending…</p> : null}
        {revoke.last && !revoke.pending ? (
          revoke.last.result.ok ? (
            <div className="rounded-md border border-slate-200 p-2 text-left dark:border-slate-700">
              <p className="text-sm font-medium">{revoke.last.label}</p>
              <CommandReplies result={revoke.last.result.data} emptyText="Sent; no worker is known to be online to answer." />
            </div>
          ) : (
            <ActionErrorNotice error={revoke.last.result.error} />
          )
        ) : null}
        {retry.last && !retry.pending ? (
          retry.last.result.ok ? (
            <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
              Sent again as{" "}
              <Link href={`/task/${encodeURIComponent(retry.last.result.data.taskId)}`} className="font-mono underline">
                {retry.last.result.data.taskId}
              </Link>
            </p>
          ) : (
            <ActionErrorNotice error={retry.last.result.error} />
          )
        ) : null}
      </div>
    </div>
  );
}
