import { withApi } from "@/lib/http/with-api";
import { getAlertsSummary } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

/** The bell's data: firing alerts, critical first. */
export const GET = withApi({ access: "viewer" }, () => getAlertsSummary());
