/** The console page of an alert rule. */
export function ruleHref(id: string): string {
  return `/alerts/rules/${encodeURIComponent(id)}`;
}
