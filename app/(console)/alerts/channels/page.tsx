import type { Metadata } from "next";
import { ChannelsManager } from "@/components/alerts/channels-manager";
import { Panel } from "@/components/ui/panel";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { loadSettings } from "@/lib/config/settings";
import { listAlertChannelViews } from "@/lib/services/alerts-channels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alert channels" };

/** Where notifications go; secrets are masked (the server never sends them to the browser). */
export default async function AlertChannelsPage() {
  const [channels, actor] = await Promise.all([listAlertChannelViews(), resolveSessionActor()]);
  return (
    <Panel title="Channels">
      <ChannelsManager channels={channels} isAdmin={actor !== null && canAct(actor)} smtpConfigured={smtpConfigured()} />
    </Panel>
  );
}

function smtpConfigured(): boolean {
  try {
    return loadSettings().smtpHost !== undefined;
  } catch {
    return false;
  }
}
