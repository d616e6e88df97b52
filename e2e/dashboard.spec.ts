import { expect, test } from "@playwright/test";
import { sendScenario } from "./rig";
import { env, hasNoHorizontalOverflow, statNumber, waitForLive } from "./support/console-page";

test.describe("dashboard", () => {
  test("shows the worker online and the numbers move as tasks run, without a reload", async ({ page }) => {
    await page.goto("/?window=15m");
    await waitForLive(page);
    await expect.poll(() => statNumber(page, "Workers online"), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const processedBefore = await statNumber(page, "Processed");

    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    expect(sent.task_ids.length).toBeGreaterThan(0);

    // add, mul, io_task succeed at once, fail fails, retry_n and sleep follow within seconds.
    await expect.poll(() => statNumber(page, "Processed"), { timeout: 30_000 }).toBeGreaterThanOrEqual(processedBefore + 4);
    await expect.poll(async () => page.getByRole("group", { name: "Success rate" }).innerText(), { timeout: 10_000 }).toMatch(/\d+\.\d %/);
    await expect(page.getByRole("region", { name: "Tasks by name" }).getByRole("cell", { name: "bloom_sample.add", exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("region", { name: "Tasks by name" }).getByRole("cell", { name: "bloom_sample.fail", exact: true })).toBeVisible();
    expect(await statNumber(page, "Processed")).toBeGreaterThan(processedBefore);
  });

  test("keeps the chart window in the URL and serves the same page at /dashboard", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    const picker = page.getByRole("navigation", { name: "Time window" });
    await picker.getByRole("link", { name: "24 hours" }).click();
    await expect(page).toHaveURL(/\/dashboard\?window=24h$/);
    await expect(picker.getByRole("link", { name: "24 hours" })).toHaveAttribute("aria-current", "true");
    await expect(page.getByRole("group", { name: "Throughput" })).toContainText("last 24 hours");
    for (const title of ["Succeeded vs failed", "Throughput", "Runtime p50 / p95", "By task name"]) {
      await expect(page.getByRole("region", { name: title })).toBeVisible();
    }
  });

  test("fits a phone screen (390 px) without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Tasks by name" })).toBeVisible();
    await expect(page.getByRole("img", { name: /succeeded and .* failed/ })).toBeVisible();
    expect(await hasNoHorizontalOverflow(page)).toBe(true);
  });
});
