import Link from "next/link";
import type { ReactNode } from "react";
import { ruleHref } from "./rule-href";

/**
 * Wraps a dashboard health badge so it leads to the alert rule that watches the same figure
 * (ids from lib/alerts/default-rules.ts), where the threshold and the history are.
 */
export function RuleBadgeLink({ ruleId, label, children }: { ruleId: string; label: string; children: ReactNode }) {
  return (
    <Link href={ruleHref(ruleId)} title={`Alert rule: ${label}`} className="rounded-full focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-600">
      {children}
      <span className="sr-only"> (alert rule: {label})</span>
    </Link>
  );
}
