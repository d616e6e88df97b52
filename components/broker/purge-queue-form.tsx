"use client";

import { useId, useState } from "react";
import { buttonClass, inputClass } from "@/components/control/button-styles";
import { ActionErrorNotice } from "@/components/control/command-replies";
import { useControlActions } from "@/components/control/use-control-action";
import { RelativeTime } from "@/components/ui/relative-time";
import { purgeQueueAction } from "@/lib/actions/broker-actions";
import { formatCount } from "@/lib/format/numbers";
import type { PurgeResult } from "@/lib/services/broker-purge";

type Target = { queue: string; depth: number; sampledAt: number };

/**
 * The typed confirmation of a purge: the queue's name and its depth are shown, and the purge
 * button stays disabled until the name is typed exactly (as GitHub asks before deleting a
 * repository). The service checks the same thing, so a crafted request gains nothing.
 */
export function PurgeQueueForm({ target, onDone, onCancel }: { target: Target; onDone: () => void; onCancel: () => void }) {
  const [typed, setTyped] = useState("");
  const { pending, last, run } = useControlActions<PurgeResult>();
  const inputId = useId();
  const matches = typed === target.queue;
  if (last?.result.ok) {
    const { purged, queue } = last.result.data;
    return (
      <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">
        Purged {formatCount(purged)} message{purged === 1 ? "" : "s"} from {queue}.{" "}
        <button type="button" className="font-medium underline" onClick={onDone}>
          Close
        </button>
      </div>
    );
  }
  return (
    <form
      aria-label={`Confirm purge of ${target.queue}`}
      className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!matches) return;
        run("purge", () => purgeQueueAction({ queue: target.queue, confirm: typed, shownDepth: target.depth }));
      }}
    >
      <p>
        Purge <strong className="font-mono">{target.queue}</strong>? It held <strong>{formatCount(target.depth)}</strong> message{target.depth === 1 ? "" : "s"}{" "}
        when sampled <RelativeTime at={target.sampledAt} />. Every waiting message is deleted from the broker and cannot be recovered; tasks workers already
        hold are not touched.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={inputId}>Type the queue name to confirm</label>
        <input id={inputId} className={`${inputClass} font-mono`} value={typed} onChange={(event) => setTyped(event.target.value)} autoFocus autoComplete="off" spellCheck={false} />
        <button type="submit" className={buttonClass("danger")} disabled={!matches || pending}>
          {pending ? "Purging…" : `Purge ${target.queue}`}
        </button>
        <button type="button" className={buttonClass("neutral")} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {last && !last.result.ok ? <ActionErrorNotice error={last.result.error} /> : null}
    </form>
  );
}
