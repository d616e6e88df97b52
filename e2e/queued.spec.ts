import { expect, test } from "@playwright/test";
import { celeryCli, sendScenario } from "./rig";
import { env } from "./support/console-page";

/**
 * The queued-work page against the e2e stack's real worker (prefork, concurrency 2): two long
 * sleeps run, a third waits prefetched, and a countdown task waits in the worker's timer. The
 * page shows them from inspect, whatever the database holds. Everything is revoked (and the
 * sleeps killed) afterwards so the shared worker is free for the other specs.
 */

const broker = () => ({ brokerUrl: env("BLOOM_E2E_REDIS_URL") });
const held: string[] = [];

test.afterAll(async () => {
  if (held.length > 0) await celeryCli(broker(), ["control", "terminate", "SIGKILL", ...held]);
});

test("lists the worker's active, reserved and scheduled tasks, linked to their pages", async ({ page }) => {
  const worker = env("BLOOM_E2E_WORKER");
  for (let i = 0; i < 3; i += 1) held.push(...(await sendScenario(broker().brokerUrl, "sleep", { seconds: 60 })).task_ids);
  const { stdout } = await celeryCli(broker(), ["call", "bloom_sample.add", "--args", "[20, 22]", "--countdown", "300"]);
  const scheduled = stdout.trim().split("\n").at(-1)?.trim() ?? "";
  expect(scheduled).toMatch(/^[0-9a-f-]{36}$/);
  held.push(scheduled);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queued" }).click();
  await expect(page.getByRole("heading", { name: "Queued work", level: 1 })).toBeVisible();
  const panel = page.getByRole("region", { name: worker });
  // The worker takes a moment to receive all four: Refresh asks again until it has.
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(panel).toContainText("2 active, 1 reserved, 1 scheduled", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  const rowOf = (id: string) => panel.getByRole("row").filter({ hasText: id });
  const kinds = await Promise.all(held.slice(0, 3).map(async (id) => (await rowOf(id).getByRole("cell").first().innerText()).trim()));
  expect(kinds.sort()).toEqual(["active", "active", "reserved"]);
  await expect(rowOf(held[0] ?? "")).toContainText("bloom_sample.sleep");
  await expect(rowOf(held[0] ?? "")).toContainText("[60");
  const due = rowOf(scheduled);
  await expect(due.getByRole("cell").first()).toHaveText("scheduled");
  await expect(due).toContainText("bloom_sample.add");
  await expect(due).toContainText("[20,22]");
  await expect(due).toContainText("due");

  await due.getByRole("link", { name: scheduled }).click();
  await expect(page).toHaveURL(new RegExp(`/task/${scheduled}$`));
});

test("narrows to one worker from its page, and says so when no worker answers", async ({ page }) => {
  const worker = env("BLOOM_E2E_WORKER");
  await page.goto(`/worker/${encodeURIComponent(worker)}`);
  await page.getByRole("link", { name: /Active, reserved and scheduled tasks/ }).click();
  await expect(page).toHaveURL(/\/queued\?worker=/);
  await expect(page.getByRole("region", { name: worker })).toBeVisible();
  // An unknown worker is refused before anything is broadcast, and the page says why.
  await page.goto("/queued?worker=nobody%40nowhere");
  await expect(page.getByRole("alert").filter({ hasText: "Could not ask the workers" })).toContainText("Unknown worker: nobody@nowhere");
});
