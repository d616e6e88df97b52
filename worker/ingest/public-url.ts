import type { Settings } from "@/lib/config/settings";
import { publicUrlOf } from "../launcher/auth-startup";

const PUBLIC_URL_VARIABLES = ["NEXTAUTH_URL", "BLOOM_PUBLIC_URL", "BLOOM_OAUTH2_REDIRECT_URI", "FLOWER_OAUTH2_REDIRECT_URI"] as const;

/**
 * Where alert notifications link to: BLOOM_ALERT_BASE_URL, else the console's public URL
 * when the operator gave one (the web process derives it from the same variables, prefix
 * included), else no links — the address Bloom listens on means nothing to a Slack reader.
 */
export function alertLinkBase(env: Readonly<Record<string, string | undefined>>, settings: Pick<Settings, "alertBaseUrl" | "address" | "port" | "urlPrefix">): string | undefined {
  if (settings.alertBaseUrl) return settings.alertBaseUrl;
  if (!PUBLIC_URL_VARIABLES.some((name) => env[name]?.trim())) return undefined;
  return publicUrlOf(env, settings);
}
