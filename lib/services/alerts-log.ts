import { listDeliveryLog, type DeliveryLogRow } from "@/lib/repositories/alert-deliveries";
import { listAlertHistory, type AlertHistoryRow } from "@/lib/repositories/alert-history";

/** The alerts page's logs: what happened to alerts (and who acted), and what was sent where. */
export const ALERTS_LOG_LIMIT = 100;

export async function getAlertHistory(options: { ruleId?: string; limit?: number } = {}): Promise<AlertHistoryRow[]> {
  return listAlertHistory({ limit: options.limit ?? ALERTS_LOG_LIMIT, ...(options.ruleId ? { ruleId: options.ruleId } : {}) });
}

export async function getDeliveryLog(options: { ruleId?: string; channelId?: string; limit?: number } = {}): Promise<DeliveryLogRow[]> {
  return listDeliveryLog({
    limit: options.limit ?? ALERTS_LOG_LIMIT,
    ...(options.ruleId ? { ruleId: options.ruleId } : {}),
    ...(options.channelId ? { channelId: options.channelId } : {}),
  });
}
