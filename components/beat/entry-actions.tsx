"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/control/button-styles";
import { ConfirmButton } from "@/components/control/confirm-button";
import { useControlActions } from "@/components/control/use-control-action";
import { runBeatEntryNowAction, setBeatEntryEnabledAction } from "@/lib/actions/beat-actions";

type Done = { taskId?: string; enabled?: boolean };

/** Admin actions of one entry: run it now; enable/disable it (django-celery-beat only). */
export function EntryActions({ id, name, enabled, canToggle }: { id: string; name: string; enabled: boolean; canToggle: boolean }) {
  const router = useRouter();
  const { pending, last, run } = useControlActions<Done>();
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={pending}
          onClick={() => run("Run now", () => runBeatEntryNowAction({ id }).then((r) => (r.ok ? { ok: true as const, data: { taskId: r.data.taskId } } : r)), () => router.refresh())}
        >
          Run now
        </button>
        {canToggle ? (
          enabled ? (
            <ConfirmButton
              label="Disable"
              confirmLabel="Yes, disable"
              question={`Beat stops sending ${name} until it is enabled again.`}
              disabled={pending}
              onConfirm={() => run("Disable", () => setBeatEntryEnabledAction({ id, enabled: false }).then((r) => (r.ok ? { ok: true as const, data: { enabled: r.data.enabled } } : r)), () => router.refresh())}
            />
          ) : (
            <button
              type="button"
              className={buttonClass("neutral")}
              disabled={pending}
              onClick={() => run("Enable", () => setBeatEntryEnabledAction({ id, enabled: true }).then((r) => (r.ok ? { ok: true as const, data: { enabled: r.data.enabled } } : r)), () => router.refresh())}
            >
              Enable
            </button>
          )
        ) : null}
      </div>
      {last ? (
        <p role="status" className={`text-sm ${last.result.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
          {last.result.ok ? (
            last.result.data.taskId ? (
              <>
                Sent as{" "}
                <Link href={`/task/${last.result.data.taskId}`} className="font-mono underline">
                  {last.result.data.taskId}
                </Link>
                .
              </>
            ) : (
              `${last.result.data.enabled ? "Enabled" : "Disabled"}: beat picks the change up at its next sync.`
            )
          ) : (
            `${last.label} failed: ${last.result.error.message}`
          )}
        </p>
      ) : null}
    </div>
  );
}
