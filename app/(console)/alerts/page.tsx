import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { FiringList, RulesTable } from "@/components/alerts/rules-table";
import { Panel } from "@/components/ui/panel";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { listAlertRuleViews } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

/** What is firing and every rule with its state. */
export default function AlertsPage() {
  return (
    <Suspense fallback={<PanelSkeleton title="Alert rules" lines={8} />}>
      <RulesPanels />
    </Suspense>
  );
}

async function RulesPanels() {
  const [rules, actor] = await Promise.all([listAlertRuleViews(), resolveSessionActor()]);
  const isAdmin = actor !== null && canAct(actor);
  return (
    <div className="space-y-6">
      <Panel title="Firing now">
        <FiringList rules={rules} />
      </Panel>
      <Panel
        title="Rules"
        actions={
          isAdmin ? (
            <Link href="/alerts/rules/new" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
              New rule
            </Link>
          ) : undefined
        }
      >
        <RulesTable rules={rules} />
        <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
          Rules are evaluated every few seconds by the active ingest process. A rule fires once its condition has held for its “for” duration, and resolves once it has stayed clear past its clear
          threshold.
        </p>
      </Panel>
    </div>
  );
}
