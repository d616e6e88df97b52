/**
 * The console's sections; paths follow Flower's so bookmarks carry over. Sections still
 * being built (beat, alerts) are added here when their pages exist, never as placeholders.
 */
export const NAV_LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/tasks", label: "Tasks" },
  { href: "/workers", label: "Workers" },
  { href: "/queued", label: "Queued" },
  { href: "/monitor", label: "Monitor" },
  { href: "/broker", label: "Broker" },
  { href: "/beat", label: "Beat" },
  { href: "/config", label: "Config" },
  { href: "/alerts", label: "Alerts" },
  { href: "/access", label: "Access" },
] as const;

/** The section a path belongs to: /worker/x is under Workers, /task/x under Tasks, /dashboard is the dashboard. */
export function sectionOf(pathname: string): string {
  if (pathname === "/" || pathname === "/dashboard") return "/";
  if (pathname.startsWith("/worker/")) return "/workers";
  if (pathname.startsWith("/task/")) return "/tasks";
  const match = NAV_LINKS.find((link) => link.href !== "/" && (pathname === link.href || pathname.startsWith(`${link.href}/`)));
  return match?.href ?? "";
}
