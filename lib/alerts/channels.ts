import { z } from "zod";
import { MASK } from "@/lib/security/mask-secrets";

/**
 * Notification channels: where a rule's notifications go. Their settings hold secrets (a
 * Slack webhook URL is a credential; a webhook's HMAC secret), so the console only ever
 * receives `ChannelView`, masked, and an edit that leaves a secret blank keeps the stored one.
 */
export const CHANNEL_TYPES = ["slack", "webhook", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).max(2000);
const email = z.email("must be an email address").max(320);

export const channelConfig = z.discriminatedUnion("type", [
  z.object({ type: z.literal("slack"), url: httpUrl }),
  z.object({ type: z.literal("webhook"), url: httpUrl, secret: z.string().min(1).max(500).nullable() }),
  z.object({ type: z.literal("email"), to: z.array(email).min(1, "needs at least one address").max(50) }),
]);

export type ChannelConfig = z.infer<typeof channelConfig>;

/** What an admin submits. Secrets (the Slack URL, the webhook secret) left out keep their stored value. */
export const channelInput = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  type: z.enum(CHANNEL_TYPES),
  enabled: z.boolean().default(true),
  url: z.string().trim().max(2000).optional(),
  /** undefined or "" keeps the stored secret; `clearSecret` removes it */
  secret: z.string().max(500).optional(),
  clearSecret: z.boolean().default(false),
  /** recipients, comma or newline separated */
  to: z.string().max(20_000).optional(),
  /** on create: attach the channel to every rule, the common first setup */
  attachToAllRules: z.boolean().default(false),
});

export type ChannelInput = z.output<typeof channelInput>;

/** Merges an admin's input with the stored config (secrets kept when left blank), then validates. */
export function resolveChannelConfig(input: ChannelInput, stored: ChannelConfig | null): z.ZodSafeParseResult<ChannelConfig> {
  const previous = stored?.type === input.type ? stored : null;
  const blank = (value: string | undefined) => value === undefined || value.trim() === "";
  switch (input.type) {
    case "slack":
      return channelConfig.safeParse({ type: "slack", url: blank(input.url) && previous?.type === "slack" ? previous.url : input.url });
    case "webhook": {
      const url = blank(input.url) && previous?.type === "webhook" ? previous.url : input.url;
      const secret = input.clearSecret ? null : blank(input.secret) ? (previous?.type === "webhook" ? previous.secret : null) : input.secret;
      return channelConfig.safeParse({ type: "webhook", url, secret });
    }
    case "email": {
      const to = (input.to ?? "")
        .split(/[\s,;]+/)
        .map((address) => address.trim())
        .filter((address) => address !== "");
      return channelConfig.safeParse({ type: "email", to });
    }
  }
}

export type ChannelView = {
  id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  /** where it goes, secrets masked */
  target: string;
  /** webhook only: whether requests are signed */
  signed: boolean;
  recipients: string[];
};

/**
 * Slack URLs are all secret past the host (/services/T…/B…/token); for other webhooks the
 * path is usually an address but the query often carries a token, so the query goes too.
 */
export function maskChannelTarget(config: ChannelConfig): string {
  if (config.type === "email") return config.to.join(", ");
  try {
    const url = new URL(config.url);
    if (config.type === "slack") return `${url.origin}/${MASK}`;
    const userinfo = url.username ? `${url.username}:${MASK}@` : "";
    return `${url.protocol}//${userinfo}${url.host}${url.pathname}${url.search ? `?${MASK}` : ""}`;
  } catch {
    return MASK;
  }
}

export function channelView(row: { id: string; name: string; enabled: boolean; config: ChannelConfig }): ChannelView {
  return {
    id: row.id,
    name: row.name,
    type: row.config.type,
    enabled: row.enabled,
    target: maskChannelTarget(row.config),
    signed: row.config.type === "webhook" && row.config.secret !== null,
    recipients: row.config.type === "email" ? row.config.to : [],
  };
}
