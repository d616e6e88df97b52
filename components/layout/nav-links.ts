/** The console's sections; paths follow Flower's so bookmarks carry over. */
export const NAV_LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/tasks", label: "Tasks" },
  { href: "/workers", label: "Workers" },
  { href: "/monitor", label: "Monitor" },
  { href: "/broker", label: "Broker" },
  { href: "/beat", label: "Beat" },
  { href: "/config", label: "Config" },
  { href: "/alerts", label: "Alerts" },
] as const;
