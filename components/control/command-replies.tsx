import type { ActionError } from "@/lib/actions/define-action";
import type { CommandResult, WorkerReply } from "@/lib/services/control/run-command";

const TONE: Record<WorkerReply["status"], string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  error: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  no_reply: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};
const LABEL: Record<WorkerReply["status"], string> = { ok: "ok", error: "error", no_reply: "no reply" };

/** Each worker's answer as it gave it: ok text, its error, or its silence. */
export function CommandReplies({ result, emptyText }: { result: CommandResult; emptyText?: string }) {
  if (result.replies.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">{emptyText ?? "Sent; no worker answered (none was expected to)."}</p>;
  }
  return (
    <ul aria-label={`Replies to ${result.command}`} className="space-y-1 text-sm">
      {result.replies.map((reply) => (
        <li key={reply.hostname} className="flex flex-wrap items-baseline gap-2">
          <span className="font-mono text-xs break-all">{reply.hostname}</span>
          <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[reply.status]}`}>{LABEL[reply.status]}</span>
          <span className="break-words text-slate-700 dark:text-slate-200">{reply.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** The service's refusal or failure, in its own words (invalid input, unknown worker, timeout...). */
export function ActionErrorNotice({ error }: { error: ActionError }) {
  return (
    <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
      {error.message}
    </p>
  );
}
