import type { Metadata } from "next";
import { DeliveryLogTable, HistoryTable } from "@/components/alerts/history-table";
import { Panel } from "@/components/ui/panel";
import { getAlertHistory, getDeliveryLog } from "@/lib/services/alerts-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alert history" };

/** When alerts fired and resolved, who acknowledged or silenced them, and every notification sent. */
export default async function AlertHistoryPage() {
  const [history, deliveries] = await Promise.all([getAlertHistory(), getDeliveryLog()]);
  return (
    <div className="space-y-6">
      <Panel title="History">
        <HistoryTable rows={history} />
      </Panel>
      <Panel title="Delivery log">
        <DeliveryLogTable rows={deliveries} />
      </Panel>
    </div>
  );
}
