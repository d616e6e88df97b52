"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { buttonClass, inputClass } from "@/components/control/button-styles";
import { ActionErrorNotice, CommandReplies } from "@/components/control/command-replies";
import { ConfirmButton } from "@/components/control/confirm-button";
import { useControlActions } from "@/components/control/use-control-action";
import { Panel } from "@/components/ui/panel";
import {
  addConsumerAction,
  autoscaleWorkerAction,
  cancelConsumerAction,
  poolGrowAction,
  poolRestartAction,
  poolShrinkAction,
  refreshWorkersAction,
  setRateLimitAction,
  setTimeLimitAction,
  shutdownWorkerAction,
} from "@/lib/actions/control-actions";
import { queryKeys } from "@/lib/query-keys";
import type { CommandResult } from "@/lib/services/control/run-command";

type Props = {
  hostname: string;
  online: boolean;
  /** task names the worker registered (rate and time limits apply to one of them) */
  taskNames: string[];
  /** queues it consumes from now (cancel consumer picks one) */
  queues: string[];
};

/** An empty number field means "not given" (the service then applies Celery's default). */
function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/**
 * The worker's remote-control commands. Rendered for admins only (the page decides; the
 * service refuses viewers anyway). Every command shows what the worker answered; after a
 * change the worker is inspected again so the panels below show its new state.
 */
export function WorkerActions({ hostname, online, taskNames, queues }: Props) {
  const queryClient = useQueryClient();
  const { pending, last, run } = useControlActions<CommandResult>();
  const ids = useId();
  const [n, setN] = useState("1");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const [newQueue, setNewQueue] = useState("");
  const [cancelQueue, setCancelQueue] = useState(queues[0] ?? "");
  const [taskName, setTaskName] = useState(taskNames[0] ?? "");
  const [rate, setRate] = useState("");
  const [soft, setSoft] = useState("");
  const [hard, setHard] = useState("");

  const reinspect = async () => {
    await refreshWorkersAction({ hostname });
    await queryClient.invalidateQueries({ queryKey: queryKeys.workers.detail(hostname) });
  };
  const poolSize = numberOrUndefined(n);

  return (
    <Panel title="Actions">
      <div className="space-y-4">
        {!online ? (
          <p className="text-sm text-amber-800 dark:text-amber-300">This worker is offline: commands will most likely get no reply.</p>
        ) : null}

        <Row label="Pool">
          <label className="flex items-center gap-1 text-sm">
            Processes
            <input aria-label="Processes to add or remove" type="number" min={1} className={`${inputClass} w-20`} value={n} onChange={(e) => setN(e.target.value)} />
          </label>
          <button type="button" className={buttonClass("neutral")} disabled={pending} onClick={() => run("Grow pool", () => poolGrowAction({ hostname, n: poolSize }), reinspect)}>
            Grow pool
          </button>
          <button type="button" className={buttonClass("neutral")} disabled={pending} onClick={() => run("Shrink pool", () => poolShrinkAction({ hostname, n: poolSize }), reinspect)}>
            Shrink pool
          </button>
          <ConfirmButton
            label="Restart pool"
            confirmLabel="Yes, restart pool"
            tone="neutral"
            disabled={pending}
            question="Replace every pool process? Running tasks finish first (needs worker_pool_restarts)."
            onConfirm={() => run("Restart pool", () => poolRestartAction({ hostname }), reinspect)}
          />
        </Row>

        <Row label="Autoscale">
          <label className="flex items-center gap-1 text-sm">
            Min
            <input type="number" min={0} className={`${inputClass} w-20`} value={min} onChange={(e) => setMin(e.target.value)} />
          </label>
          <label className="flex items-center gap-1 text-sm">
            Max
            <input type="number" min={1} className={`${inputClass} w-20`} value={max} onChange={(e) => setMax(e.target.value)} />
          </label>
          <button
            type="button"
            className={buttonClass("neutral")}
            disabled={pending}
            onClick={() => run("Set autoscale", () => autoscaleWorkerAction({ hostname, min: numberOrUndefined(min) ?? Number.NaN, max: numberOrUndefined(max) ?? Number.NaN }), reinspect)}
          >
            Set autoscale
          </button>
        </Row>

        <Row label="Queues">
          <label className="flex items-center gap-1 text-sm">
            Queue
            <input className={`${inputClass} w-40`} value={newQueue} onChange={(e) => setNewQueue(e.target.value)} />
          </label>
          <button type="button" className={buttonClass("neutral")} disabled={pending} onClick={() => run("Add consumer", () => addConsumerAction({ hostname, queue: newQueue.trim() }), reinspect)}>
            Add consumer
          </button>
          {queues.length > 0 ? (
            <>
              <label className="flex items-center gap-1 text-sm">
                Consuming
                <select className={inputClass} value={cancelQueue} onChange={(e) => setCancelQueue(e.target.value)}>
                  {queues.map((queue) => (
                    <option key={queue}>{queue}</option>
                  ))}
                </select>
              </label>
              <ConfirmButton
                label="Cancel consumer"
                confirmLabel="Yes, stop consuming"
                tone="neutral"
                disabled={pending || cancelQueue === ""}
                question={`Stop consuming from ${cancelQueue}? Its tasks wait for other workers.`}
                onConfirm={() => run("Cancel consumer", () => cancelConsumerAction({ hostname, queue: cancelQueue }), reinspect)}
              />
            </>
          ) : null}
        </Row>

        <Row label="Limits">
          <label className="flex items-center gap-1 text-sm">
            Task
            {taskNames.length > 0 ? (
              <select className={`${inputClass} max-w-64`} value={taskName} onChange={(e) => setTaskName(e.target.value)}>
                {taskNames.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            ) : (
              <input className={`${inputClass} w-56`} value={taskName} onChange={(e) => setTaskName(e.target.value)} />
            )}
          </label>
          <label className="flex items-center gap-1 text-sm">
            Rate
            <input aria-describedby={`${ids}-rate`} placeholder="10/m" className={`${inputClass} w-24`} value={rate} onChange={(e) => setRate(e.target.value)} />
          </label>
          <span id={`${ids}-rate`} className="sr-only">
            Like 10/m, 5/s, 100/h, or 0 to remove the limit
          </span>
          <button type="button" className={buttonClass("neutral")} disabled={pending} onClick={() => run("Set rate limit", () => setRateLimitAction({ hostname, taskName, rateLimit: rate.trim() }), reinspect)}>
            Set rate limit
          </button>
          <label className="flex items-center gap-1 text-sm">
            Soft (s)
            <input type="number" min={0} className={`${inputClass} w-20`} value={soft} onChange={(e) => setSoft(e.target.value)} />
          </label>
          <label className="flex items-center gap-1 text-sm">
            Hard (s)
            <input type="number" min={0} className={`${inputClass} w-20`} value={hard} onChange={(e) => setHard(e.target.value)} />
          </label>
          <button
            type="button"
            className={buttonClass("neutral")}
            disabled={pending}
            onClick={() => run("Set time limit", () => setTimeLimitAction({ hostname, taskName, soft: numberOrUndefined(soft) ?? null, hard: numberOrUndefined(hard) ?? null }), reinspect)}
          >
            Set time limit
          </button>
        </Row>

        <Row label="Worker">
          <ConfirmButton
            label="Shut down"
            confirmLabel="Yes, shut down"
            disabled={pending}
            question={`Shut down ${hostname}? It finishes its running tasks and exits; nothing restarts it from here.`}
            onConfirm={() => run("Shut down", () => shutdownWorkerAction({ hostname }))}
          />
        </Row>

        <div aria-live="polite" className="space-y-2">
          {pending ? <p className="text-sm text-slate-500 dark:text-slate-400">Sending…</p> : null}
          {last ? (
            <div className="space-y-1 rounded-md border border-slate-200 p-2 dark:border-slate-700">
              <p className="text-sm font-medium">{last.label}</p>
              {last.result.ok ? (
                <CommandReplies result={last.result.data} emptyText={last.result.data.command === "shutdown" ? "Shutdown sent. The worker finishes its running tasks, then goes offline." : undefined} />
              ) : (
                <ActionErrorNotice error={last.result.error} />
              )}
            </div>
          ) : null}
        </div>
      </div>
    </Panel>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="mb-1 w-full text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</legend>
      {children}
    </fieldset>
  );
}
