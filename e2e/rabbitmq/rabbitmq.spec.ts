import { type Page } from "@playwright/test";
import { sendScenario, type ScenarioOutput } from "../rig";
import { waitForLive } from "../support/console-page";
import { expect, test } from "./stack";

/**
 * A light second pass of the console on RabbitMQ (the default project runs on Redis): real
 * tasks found on the tasks and worker pages, a failure's traceback, the monitor updating
 * live, one worker action, and the broker page with the management API's rates.
 */

test.describe.configure({ mode: "serial" });

let basic: ScenarioOutput;
const idOf = (label: string) => basic.tasks.find((task) => task.label === label)?.id ?? "";

async function reloadUntil(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 45_000, intervals: [500, 1_000, 2_000] });
}

test("tasks run on RabbitMQ show on the tasks page, and a failure's traceback reads", async ({ page, rabbitStack }) => {
  basic = await sendScenario(rabbitStack.amqpUrl, "basic");
  await page.goto("/tasks");
  const table = page.getByRole("table");
  await reloadUntil(page, async () => {
    await expect(table.getByRole("row").filter({ hasText: idOf("add") })).toContainText("SUCCESS", { timeout: 1_000 });
    await expect(table.getByRole("row").filter({ hasText: idOf("fail") })).toContainText("FAILURE", { timeout: 1_000 });
  });
  await table.getByRole("link", { name: idOf("fail") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(idOf("fail"));
  const traceback = page.getByRole("group", { name: "Traceback" });
  await expect(traceback).toContainText("ValueError: boom");
  await expect(traceback.locator("[data-frame=user]").filter({ hasText: "in fail" })).toBeVisible();
});

test("the worker is listed online and its page shows the tasks it ran", async ({ page, rabbitStack }) => {
  await page.goto("/workers");
  const row = page.getByRole("table", { name: "Workers" }).getByRole("row").filter({ has: page.getByRole("link", { name: rabbitStack.worker, exact: true }) });
  await expect(row.getByText("online", { exact: true })).toBeVisible({ timeout: 30_000 });
  await row.getByRole("link", { name: rabbitStack.worker, exact: true }).click();
  await expect(page.getByRole("heading", { name: rabbitStack.worker, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent tasks" }).getByRole("link", { name: idOf("add") })).toBeVisible({ timeout: 30_000 });
});

test("the monitor shows a new task's events live", async ({ page, rabbitStack }) => {
  await page.goto("/monitor");
  await waitForLive(page);
  const sent = await sendScenario(rabbitStack.amqpUrl, "basic");
  const log = page.getByRole("log", { name: "Task events" });
  const first = sent.tasks[0];
  await expect(log.getByRole("listitem").filter({ hasText: `Task ${first?.name ?? ""}[${first?.id ?? ""}]` }).first()).toBeVisible({ timeout: 15_000 });
});

test("grows and shrinks the worker's pool over RabbitMQ", async ({ page, rabbitStack }) => {
  await page.goto(`/worker/${encodeURIComponent(rabbitStack.worker)}`);
  await waitForLive(page);
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Grow pool" }).click();
  const replies = actions.getByRole("list", { name: "Replies to pool_grow" });
  await expect(replies).toContainText(rabbitStack.worker);
  await expect(replies).toContainText("pool will grow");
  await actions.getByRole("button", { name: "Shrink pool" }).click();
  await expect(actions.getByRole("list", { name: "Replies to pool_shrink" })).toContainText("pool will shrink");
});

test("the broker page shows RabbitMQ with the management API's rates", async ({ page }) => {
  await page.goto("/broker");
  const connection = page.getByRole("region", { name: "Connection" });
  await expect(connection).toContainText("RabbitMQ (AMQP)");
  await expect(connection.getByText("answering", { exact: true })).toBeVisible({ timeout: 30_000 });
  const queues = page.getByRole("region", { name: "Queues" });
  await expect(queues.getByRole("columnheader", { name: "Publish/s" })).toBeVisible();
  // The worker consumes `celery`: the management API counts its consumer.
  const celery = queues.getByRole("row").filter({ has: page.getByRole("cell", { name: "celery", exact: true }) });
  await expect(celery.getByRole("cell").nth(3)).toHaveText("1", { timeout: 30_000 });
});
