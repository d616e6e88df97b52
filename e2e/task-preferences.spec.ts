import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

/**
 * The tasks page's columns and time format are each person's own: saved to their profile
 * (not this browser), so they survive a reload and a new browser, and another person keeps
 * the deployment's defaults (Flower's tasks_columns; absolute times, BLOOM_NATURAL_TIME unset).
 */

const DEFAULTS = ["Name", "UUID", "State", "Args", "Kwargs", "Result", "Received", "Started", "Runtime", "Worker"];
/** Header texts start with the label (a sorted column adds its arrow). */
const expectColumns = (page: Page, labels: readonly string[]) =>
  expect(page.getByRole("table").getByRole("columnheader")).toHaveText(labels.map((label) => new RegExp(`^${label}`)));
const putPreferences = (page: Page) => page.waitForResponse((response) => response.url().endsWith("/api/console/preferences") && response.request().method() === "PUT");
const chooser = (page: Page) => page.locator("details").filter({ has: page.getByText("Columns", { exact: true }) });

async function openTasksWithRows(page: Page) {
  await page.goto("/tasks");
  // The other specs' tasks are there by now; wait for the table in case this runs first.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
}

test("columns and time format are remembered per person, across browsers", async ({ page, browser }) => {
  await openTasksWithRows(page);
  const absolute = page.getByRole("checkbox", { name: "Absolute times (UTC)" });
  await expect(absolute).toBeChecked();
  await expectColumns(page, DEFAULTS);

  const savedMode = putPreferences(page);
  await absolute.uncheck();
  await savedMode;
  await expect(page.getByRole("table").locator("time").first()).toHaveText(/ago|just now/);
  await chooser(page).locator("summary").click();
  const saved = putPreferences(page);
  await chooser(page).getByRole("checkbox", { name: "Queue", exact: true }).check();
  await saved;
  const saved2 = putPreferences(page);
  await chooser(page).getByRole("checkbox", { name: "Args", exact: true }).uncheck();
  await saved2;
  const mine = ["Name", "UUID", "State", "Kwargs", "Result", "Received", "Started", "Runtime", "Worker", "Queue"];
  await expectColumns(page, mine);

  // A fresh browser with the same person: the choices come from the server, in the first paint.
  const other = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const again = await other.newPage();
  await again.goto("/tasks");
  await expectColumns(again, mine);
  await expect(again.getByRole("checkbox", { name: "Absolute times (UTC)" })).not.toBeChecked();
  await other.close();

  // Someone else keeps the defaults.
  const viewerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, "viewer", "/tasks");
  await expectColumns(viewer, DEFAULTS);
  await expect(viewer.getByRole("checkbox", { name: "Absolute times (UTC)" })).toBeChecked();
  await viewerContext.close();

  // Back to the defaults, for the specs that follow.
  const reset = putPreferences(page);
  await chooser(page).getByRole("button", { name: "Reset to the default columns" }).click();
  await reset;
  const resetMode = putPreferences(page);
  await page.getByRole("checkbox", { name: "Absolute times (UTC)" }).check();
  await resetMode;
  await page.reload();
  await expectColumns(page, DEFAULTS);
  await expect(page.getByRole("checkbox", { name: "Absolute times (UTC)" })).toBeChecked();
});
