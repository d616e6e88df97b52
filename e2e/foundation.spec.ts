import { expect, test } from "@playwright/test";

test("the dashboard renders and shows the broker as connected", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const broker = page.getByRole("region", { name: "Broker" });
  // The ingest worker reports its broker connection every second; the page is rendered
  // on the server, so reload until the first report has landed.
  await expect(async () => {
    await page.reload();
    await expect(broker.getByText("connected", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(broker).toContainText(process.env.BLOOM_E2E_REDIS_URL?.replace(/\/\d+$/, "") ?? "redis://");
});

test("the healthcheck answers OK once the broker is connected", async ({ request }) => {
  await expect(async () => {
    const response = await request.get("/healthcheck");
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe("OK");
  }).toPass({ timeout: 30_000 });
});
