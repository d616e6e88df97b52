import { expect, test, type Page } from "@playwright/test";
import { sendScenario } from "./rig";
import { env, waitForLive } from "./support/console-page";
import { signInAs, signInAsAdmin } from "./support/sign-in";

/**
 * Worker and task actions from the console, against the e2e stack's real worker
 * (e2e/global-setup.ts). Other specs share that worker, so nothing here leaves it changed:
 * the pool is grown and shrunk back, and shutdown is only asked, then cancelled.
 */

const workerPage = (hostname: string) => `/worker/${encodeURIComponent(hostname)}`;

async function openWorker(page: Page, hostname: string) {
  await page.goto(workerPage(hostname));
  await expect(page.getByRole("heading", { name: hostname, level: 1 })).toBeVisible();
  await waitForLive(page);
  return page.getByRole("region", { name: "Actions" });
}

/** Reloads the task page until its heading shows the state (the ingest writes it a moment later). */
async function expectTaskState(page: Page, state: string) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(state, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test.describe("remote control", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test("grows and shrinks the worker's pool, showing the worker's replies", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    const actions = await openWorker(page, hostname);
    await actions.getByRole("button", { name: "Grow pool" }).click();
    const replies = actions.getByRole("list", { name: "Replies to pool_grow" });
    await expect(replies).toContainText(hostname);
    await expect(replies).toContainText("pool will grow");
    await actions.getByRole("button", { name: "Shrink pool" }).click();
    await expect(actions.getByRole("list", { name: "Replies to pool_shrink" })).toContainText("pool will shrink");
  });

  test("shows a worker's error reply and the service's refusal plainly", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    const actions = await openWorker(page, hostname);
    // the e2e worker runs without --autoscale: the worker itself says so
    await actions.getByLabel("Min", { exact: true }).fill("1");
    await actions.getByLabel("Max", { exact: true }).fill("3");
    await actions.getByRole("button", { name: "Set autoscale" }).click();
    await expect(actions.getByRole("list", { name: "Replies to autoscale" })).toContainText("Autoscale not enabled");
    // a malformed rate limit never reaches the worker
    await actions.getByLabel("Rate").fill("10/minute");
    await actions.getByRole("button", { name: "Set rate limit" }).click();
    await expect(actions.getByRole("alert")).toContainText("rate limit must look like 10/m");
  });

  test("asks before shutting a worker down, and Cancel sends nothing", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    const actions = await openWorker(page, hostname);
    await actions.getByRole("button", { name: "Shut down" }).click();
    const confirm = actions.getByRole("group", { name: "Confirm: Shut down" });
    await expect(confirm).toContainText(`Shut down ${hostname}?`);
    await expect(confirm.getByRole("button", { name: "Yes, shut down" })).toBeFocused();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(actions.getByText("Shutdown sent")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Overview" }).getByText("online", { exact: true })).toBeVisible();
  });

  test("terminates a running task: it becomes REVOKED", async ({ page }) => {
    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "sleep", { seconds: 60 });
    const id = sent.task_ids[0] ?? "";
    await page.goto(`/task/${id}`);
    await expectTaskState(page, "STARTED");
    await page.getByLabel("Signal").selectOption("SIGKILL");
    await page.getByRole("button", { name: "Terminate" }).click();
    await page.getByRole("button", { name: "Yes, terminate" }).click();
    await expect(page.getByRole("list", { name: "Replies to revoke" })).toContainText(env("BLOOM_E2E_WORKER"));
    await expectTaskState(page, "REVOKED");
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  });

  test("retries a failed task; the two pages link to each other", async ({ page }) => {
    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    const failed = sent.tasks.find((task) => task.label === "fail")?.id ?? "";
    await page.goto(`/task/${failed}`);
    await expectTaskState(page, "FAILURE");
    await page.getByRole("button", { name: "Retry" }).click();
    await page.getByRole("button", { name: "Yes, send again" }).click();
    const status = page.getByRole("status").filter({ hasText: "Sent again as" });
    await expect(status).toBeVisible();
    const newId = (await status.getByRole("link").textContent())?.trim() ?? "";
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(page.getByText("Retried as")).toBeVisible();

    await status.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/task/${newId}$`));
    await expectTaskState(page, "FAILURE");
    await expect(page.getByRole("link", { name: failed })).toBeVisible();
  });
});

test.describe("remote control as a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees no action buttons on worker and task pages", async ({ page }) => {
    const hostname = env("BLOOM_E2E_WORKER");
    await signInAs(page, "viewer", workerPage(hostname));
    await page.goto(workerPage(hostname));
    await expect(page.getByRole("region", { name: "Overview" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Actions" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Shut down" })).toHaveCount(0);

    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    await page.goto(`/task/${sent.tasks.find((task) => task.label === "fail")?.id ?? ""}`);
    await expectTaskState(page, "FAILURE");
    await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  });
});
