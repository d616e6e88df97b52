import { expect, test } from "@playwright/test";
import { startCeleryBeat, type CeleryBeat } from "./rig";
import { env } from "./support/console-page";
import { signInAs, signInAsAdmin } from "./support/sign-in";

/**
 * The beat page against a real `celery beat` running the sample app's schedule
 * (add-every-5s, xsum-every-minute), started here and stopped before the spec ends, so the
 * other specs see no beat traffic. The e2e worker reports the schedule through inspect conf.
 */
test.describe("beat", () => {
  let beat: CeleryBeat | undefined;

  test.afterAll(async () => {
    await beat?.stop();
  });

  test("lists the schedule, matches beat's runs, runs an entry now and shows missed runs after beat stops", async ({ page }) => {
    test.setTimeout(150_000);
    await signInAsAdmin(page);
    await page.goto("/beat");
    await expect(page.getByRole("heading", { name: "Beat", level: 1 })).toBeVisible();
    const table = page.getByRole("table", { name: "Periodic tasks" });
    const row = (name: string) => table.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    // the worker's conf is polled every 30 s by the ingest worker; the page refreshes itself
    await expect(row("add-every-5s")).toBeVisible({ timeout: 60_000 });
    await expect(row("add-every-5s")).toContainText("every 5 s");
    await expect(row("xsum-every-minute")).toContainText("every minute");
    await expect(row("xsum-every-minute")).toContainText(/in \d+ s|in \d+ min/);
    await expect(page.getByRole("listitem", { name: "Source worker conf" })).toContainText("2 entries");

    beat = await startCeleryBeat({ brokerUrl: env("BLOOM_E2E_REDIS_URL") });
    await expect(row("add-every-5s").getByText("on schedule", { exact: true })).toBeVisible({ timeout: 40_000 });
    await expect(row("add-every-5s").getByText("SUCCESS", { exact: true })).toBeVisible({ timeout: 20_000 });

    await row("add-every-5s").getByRole("link", { name: "add-every-5s", exact: true }).click();
    await expect(page).toHaveURL(/\/beat\/conf%3Aadd-every-5s$/);
    await expect(page.getByRole("heading", { name: "add-every-5s", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Next runs" })).toContainText("UTC");
    await expect(page.getByRole("img", { name: /^Run history: .*on time/ })).toBeVisible({ timeout: 20_000 });
    const history = page.getByRole("table", { name: "Run history" });
    await expect(history.getByText("on time").first()).toBeVisible();

    await page.getByRole("button", { name: "Run now", exact: true }).click();
    const status = page.getByRole("status").filter({ hasText: "Sent as" });
    await expect(status).toBeVisible({ timeout: 15_000 });
    const taskLink = status.getByRole("link");
    await expect(taskLink).toHaveAttribute("href", /^\/task\//);

    await beat.stop();
    beat = undefined;
    await expect(page.getByText("missing", { exact: true }).first()).toBeVisible({ timeout: 40_000 });
    await expect(history.getByText("missed").first()).toBeVisible({ timeout: 20_000 });

    // the dashboard says beat is in trouble
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Beat" })).toContainText(/Beat stopped sending|missed their last run/, { timeout: 30_000 });
  });

  test("filters by state and source in the URL, and hides actions from viewers", async ({ page }) => {
    await page.goto("/beat?state=never-run&source=django");
    await expect(page.getByRole("table", { name: "Periodic tasks" })).toHaveCount(0);
    await expect(page.getByText("No periodic tasks match")).toBeVisible();
    await page.getByRole("link", { name: "Clear" }).click();
    await expect(page).toHaveURL(/\/beat$/);
    await expect(page.getByRole("link", { name: "add-every-5s", exact: true })).toBeVisible({ timeout: 30_000 });

    await signInAs(page, "viewer", "/beat/conf%3Aadd-every-5s");
    await expect(page.getByRole("heading", { name: "add-every-5s", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  });

  test("says so for an entry no source has", async ({ page }) => {
    await page.goto("/beat/conf%3Anothing-here");
    await expect(page.getByRole("heading", { name: "Unknown periodic task" })).toBeVisible();
  });
});
