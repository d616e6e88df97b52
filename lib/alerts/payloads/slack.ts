import { titleOf, type AlertMessage } from "../message";

/**
 * A Slack incoming-webhook body: `text` (what notifications and old clients show) plus Block
 * Kit blocks for the channel. Slack's mrkdwn needs &, < and > escaped in user text.
 */
export type SlackPayload = {
  text: string;
  blocks: ({ type: "header"; text: { type: "plain_text"; text: string } } | { type: "section"; text: { type: "mrkdwn"; text: string } } | { type: "context"; elements: { type: "mrkdwn"; text: string }[] })[];
};

const ICON = { fired: ":rotating_light:", reminder: ":bell:", resolved: ":white_check_mark:", test: ":test_tube:" } as const;

export function slackPayload(message: AlertMessage): SlackPayload {
  const title = titleOf(message);
  const lines = [`${ICON[message.kind]} *${escape(message.summary)}*`, `Condition: ${escape(message.condition)} · value now: ${escape(message.valueText)}`];
  if (message.subjects.length > 0) lines.push(message.subjects.map((subject) => `• \`${escape(subject.name)}\` ${escape(subject.value)}`).join("\n"));
  if (message.url) lines.push(`<${message.url}|Open in Bloom>`);
  const context = [`severity *${message.severity}*`, `at ${new Date(message.at).toISOString()}`];
  if (message.firedAt !== null && message.kind !== "fired") context.push(`fired ${new Date(message.firedAt).toISOString()}`);
  return {
    text: `${ICON[message.kind]} ${title}: ${message.summary}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } },
      { type: "context", elements: context.map((text) => ({ type: "mrkdwn" as const, text })) },
    ],
  };
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
