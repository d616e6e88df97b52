import { expect, test } from "@playwright/test";
import pg from "pg";
import { env } from "./support/console-page";

test.describe("broker", () => {
  test("shows the connection and its URL", async ({ page }) => {
    await page.goto("/broker");
    const connection = page.getByRole("region", { name: "Connection" });
    await expect(connection.getByText("connected", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(connection).toContainText(env("BLOOM_E2E_REDIS_URL").replace(/\/\d+$/, ""));
    await expect(connection).toContainText("Redis");
  });

  test("lists queues with their depth and charts the history", async ({ page }) => {
    // Stand in for the queue sampler (another part of Bloom): rows exactly as it writes them.
    const client = new pg.Client({ connectionString: env("BLOOM_E2E_DATABASE_URL") });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO queue_samples (queue, depth, consumers, sampled_at)
         SELECT 'e2e-backlog', d, NULL, now() - make_interval(secs => s) FROM (VALUES (60, 8), (30, 64), (0, 12)) AS v(s, d)`,
      );
    } finally {
      await client.end();
    }
    await page.goto("/broker?window=15m");
    const queues = page.getByRole("region", { name: "Queues" });
    const row = queues.getByRole("row").filter({ hasText: "e2e-backlog" });
    await expect(row).toContainText("12");
    await expect(row.getByText("warning", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Queue depth history" }).getByRole("img", { name: /^Deepest sample per interval of .*e2e-backlog/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "History window" }).getByRole("link", { name: "15 min" })).toHaveAttribute("aria-current", "true");
  });
});
