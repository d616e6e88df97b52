import path from "node:path";
import { expect, test } from "@playwright/test";
import { sendScenario } from "./rig";
import { env } from "./support/console-page";

const OUT = path.resolve(import.meta.dirname, "../docs/screenshots");

/** The README's pictures, taken from the real stack: light theme, 1280×800. */
test.describe("screenshots", () => {
  test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });

  test("of the main pages", async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() => localStorage.setItem("bloom-theme", "light"));
    await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    const worker = env("BLOOM_E2E_WORKER");
    const pages: [string, string, string][] = [
      ["dashboard", "/?window=15m", "Tasks by name"],
      ["workers", "/workers", "All workers"],
      ["worker", `/worker/${encodeURIComponent(worker)}`, "Recent tasks"],
      ["monitor", "/monitor", "Events"],
      ["broker", "/broker?window=15m", "Queues"],
      ["config", "/config", "Bloom"],
    ];
    for (const [name, url, region] of pages) {
      await page.goto(url);
      await expect(page.getByRole("region", { name: region })).toBeVisible();
      await expect(page.getByRole("banner").getByRole("status")).toHaveText("Live", { timeout: 20_000 });
      if (name === "monitor") {
        // The rate chart counts what arrives while the page is open.
        await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
        await expect(page.getByRole("region", { name: "Events" })).toContainText("received live");
        await page.waitForTimeout(3_000);
      }
      // Charts draw after hydration; give them a frame to settle.
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    }
  });
});
