import type { Metadata } from "next";
import { NEW_RULE, RuleForm } from "@/components/alerts/rule-form";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { listAlertChannelViews } from "@/lib/services/alerts-channels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New alert rule" };

export default async function NewAlertRulePage() {
  const [actor, channels] = await Promise.all([resolveSessionActor(), listAlertChannelViews()]);
  if (!actor || !canAct(actor)) return <EmptyState title="Admins only">Only admins create alert rules.</EmptyState>;
  return (
    <Panel title="New rule">
      <RuleForm ruleId={null} initial={NEW_RULE} channels={channels.map((channel) => ({ id: channel.id, name: channel.name }))} />
    </Panel>
  );
}
