import { titleOf, type AlertMessage } from "../message";

/** An email notification: the title as subject, a plain-text body and the same as simple HTML. */
export type EmailContent = { subject: string; text: string; html: string };

export function emailContent(message: AlertMessage): EmailContent {
  const subject = titleOf(message);
  const facts: [string, string][] = [
    ["Rule", message.ruleName],
    ["Severity", message.severity],
    ["Condition", message.condition],
    ["Value now", message.valueText],
    ["At", new Date(message.at).toISOString()],
  ];
  if (message.firedAt !== null && message.kind !== "fired") facts.push(["Fired", new Date(message.firedAt).toISOString()]);
  const text = [
    message.summary,
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(message.subjects.length > 0 ? ["", ...message.subjects.map((subject) => `- ${subject.name}: ${subject.value}`)] : []),
    ...(message.url ? ["", message.url] : []),
    "",
    "-- Bloom alerts",
  ].join("\n");
  const html = [
    `<p><strong>${escapeHtml(message.summary)}</strong></p>`,
    `<table>${facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>`,
    message.subjects.length > 0 ? `<ul>${message.subjects.map((subject) => `<li><code>${escapeHtml(subject.name)}</code> ${escapeHtml(subject.value)}</li>`).join("")}</ul>` : "",
    message.url ? `<p><a href="${escapeHtml(message.url)}">Open in Bloom</a></p>` : "",
  ].join("\n");
  return { subject, text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
