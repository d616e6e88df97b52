import { expect, test } from "@playwright/test";
import { env } from "./support/console-page";

test.describe("config", () => {
  test("shows Bloom's settings with the database password masked", async ({ page }) => {
    await page.goto("/config");
    const bloom = page.getByRole("region", { name: "Bloom" });
    const table = bloom.getByRole("table", { name: "Bloom settings" });
    await expect(table.getByRole("row").filter({ hasText: "CELERY_BROKER_URL" })).toContainText(env("BLOOM_E2E_REDIS_URL"));
    // The embedded database's URL carries a password: shown masked, never in clear.
    await expect(table.getByRole("row").filter({ has: page.getByRole("cell", { name: "DATABASE_URL", exact: true }) })).toContainText("postgresql://bloom:********@127.0.0.1");
    expect(await page.content()).not.toContain("bloom:bloom@");
    await expect(table.getByRole("row").filter({ hasText: "BLOOM_HEALTH_QUEUE_LENGTH_WARNING" })).toContainText("10");
    await expect(page.getByRole("region", { name: "Celery (reported by workers)" })).toBeVisible();
  });
});
