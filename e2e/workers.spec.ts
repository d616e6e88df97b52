import { expect, test } from "@playwright/test";
import { sendScenario } from "./rig";
import { env, waitForLive } from "./support/console-page";

test.describe("workers", () => {
  test("lists the running worker as online with its heartbeat", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    await page.goto("/workers");
    const table = page.getByRole("table", { name: "Workers" });
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: hostname, exact: true }) });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText("online", { exact: true })).toBeVisible();
    await expect(row).toContainText(/just now|\d+ s ago/);
  });

  test("opens a worker's page, whose recent tasks appear live and link to the task page", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    await page.goto("/workers");
    await page.getByRole("link", { name: hostname, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/worker/${encodeURIComponent(hostname)}$`));
    await expect(page.getByRole("heading", { name: hostname, level: 1 })).toBeVisible();
    await waitForLive(page);

    const overview = page.getByRole("region", { name: "Overview" });
    await expect(overview.getByText("online", { exact: true })).toBeVisible();
    for (const title of ["Active queues", "Recent tasks", "Configuration"]) await expect(page.getByRole("region", { name: title })).toBeVisible();
    await expect(page.getByRole("region", { name: /^Registered tasks/ })).toBeVisible();

    // Tasks sent while the page is open show up without a reload, each linking to its task page.
    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    const recent = page.getByRole("region", { name: "Recent tasks" });
    const firstId = sent.task_ids[0] ?? "";
    const link = recent.getByRole("link", { name: firstId, exact: true });
    await expect(link).toBeVisible({ timeout: 15_000 });
    await expect(link).toHaveAttribute("href", `/task/${firstId}`);
    await expect(page.getByRole("status").filter({ hasText: "could not be read" })).toHaveCount(0);
  });

  test("says so for a worker Bloom never saw", async ({ page }) => {
    // The page streams behind its loading skeleton, so the not-found page arrives with status 200 (Next's streaming rule).
    await page.goto("/worker/nobody%40nowhere");
    await expect(page.getByRole("heading", { name: "Unknown worker" })).toBeVisible();
    await expect(page.getByRole("link", { name: "All workers" })).toHaveAttribute("href", "/workers");
  });
});
