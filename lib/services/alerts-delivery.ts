import nodemailer from "nodemailer";
import type { ChannelConfig } from "@/lib/alerts/channels";
import type { AlertMessage } from "@/lib/alerts/message";
import { emailContent } from "@/lib/alerts/payloads/email";
import { slackPayload } from "@/lib/alerts/payloads/slack";
import { webhookRequest } from "@/lib/alerts/payloads/webhook";
import { isPermanentHttpFailure } from "@/lib/alerts/retry-schedule";
import type { SmtpSettings } from "@/lib/config/settings";

/**
 * Sends one message to one channel, once: Slack and webhooks over HTTP POST, email over
 * SMTP. Shared by the ingest worker's delivery loop (which retries) and the console's "send
 * test notification" (which shows the outcome at once). Never throws: the outcome says what
 * happened and whether trying again could help.
 */
export type SendOutcome = { ok: true; responseStatus: number | null } | { ok: false; error: string; responseStatus: number | null; permanent: boolean };

export type SendOptions = { smtp: SmtpSettings | null; timeoutMs?: number; now?: number };

const DEFAULT_TIMEOUT_MS = 10_000;
/** Enough of a receiver's error body to be useful in the delivery log, never a whole page. */
const ERROR_BODY_CHARS = 300;

export async function sendToChannel(config: ChannelConfig, message: AlertMessage, options: SendOptions): Promise<SendOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (config.type) {
    case "slack":
      return postJson(config.url, JSON.stringify(slackPayload(message)), { "Content-Type": "application/json", "User-Agent": "Bloom-Alerts/1" }, timeoutMs);
    case "webhook": {
      const request = webhookRequest(message, config.secret, options.now ?? Date.now());
      return postJson(config.url, request.body, request.headers, timeoutMs);
    }
    case "email":
      return sendEmail(config.to, message, options.smtp, timeoutMs);
  }
}

async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> {
  try {
    const response = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { ok: true, responseStatus: response.status };
    }
    const text = (await response.text().catch(() => "")).trim().slice(0, ERROR_BODY_CHARS);
    return { ok: false, responseStatus: response.status, permanent: isPermanentHttpFailure(response.status), error: `HTTP ${response.status}${text ? `: ${text}` : ""}` };
  } catch (error) {
    return { ok: false, responseStatus: null, permanent: false, error: describeNetworkError(error, timeoutMs) };
  }
}

async function sendEmail(to: string[], message: AlertMessage, smtp: SmtpSettings | null, timeoutMs: number): Promise<SendOutcome> {
  if (!smtp) return { ok: false, responseStatus: null, permanent: true, error: "email is not configured: set BLOOM_SMTP_HOST (and BLOOM_SMTP_FROM)" };
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const content = emailContent(message);
    await transport.sendMail({ from: smtp.from, to, subject: content.subject, text: content.text, html: content.html });
    return { ok: true, responseStatus: null };
  } catch (error) {
    // SMTP 5xx replies are permanent (unknown mailbox, refused sender); 4xx and network errors are not.
    const code = typeof error === "object" && error !== null && "responseCode" in error && typeof error.responseCode === "number" ? error.responseCode : null;
    return { ok: false, responseStatus: code, permanent: code !== null && code >= 500, error: `SMTP: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    transport.close();
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
