"use client";

import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";

export type LastAction<T> = { label: string; result: ActionResult<T> };

const UNREACHABLE = { ok: false, error: { status: 0, code: "network", message: "The server could not be reached; nothing is known to have been sent." } } as const;

/**
 * Runs server actions from a group of controls, one at a time, keeping what the user must
 * see: whether one is running, and the last one's answer (the workers' replies, or the
 * error the service gave, in its own words).
 */
export function useControlActions<T>() {
  const [pending, startTransition] = useTransition();
  const [last, setLast] = useState<LastAction<T> | null>(null);
  const run = useCallback((label: string, call: () => Promise<ActionResult<T>>, after?: (data: T) => void | Promise<void>) => {
    startTransition(async () => {
      // A failed request (network, server restarting) is said so instead of hanging.
      const result = await call().catch((): ActionResult<T> => UNREACHABLE);
      setLast({ label, result });
      if (result.ok) await after?.(result.data);
    });
  }, []);
  return { pending, last, run };
}
