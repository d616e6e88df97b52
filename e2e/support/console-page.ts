import { expect, type Locator, type Page } from "@playwright/test";

/** Waits until the page's live stream is connected (the header says "Live"). */
export async function waitForLive(page: Page): Promise<void> {
  await expect(page.getByRole("banner").getByRole("status")).toHaveText("Live", { timeout: 20_000 });
}

/** A dashboard figure by its label, e.g. "Processed", as a number (commas removed). */
export async function statNumber(page: Page, label: string): Promise<number> {
  const text = await statValue(page, label).innerText();
  return Number(text.replace(/[^\d.]/g, ""));
}

export function statValue(page: Page, label: string): Locator {
  return page.getByRole("group", { name: label, exact: true }).locator("dd span").first();
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling). */
export function hasNoHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

export function env(name: "BLOOM_E2E_REDIS_URL" | "BLOOM_E2E_WORKER" | "BLOOM_E2E_DATABASE_URL" | "BLOOM_E2E_BASE_URL"): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright (e2e/global-setup.ts sets it)`);
  return value;
}
