import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { sendScenario, type ScenarioOutput } from "./rig";
import { env, statNumber, waitForLive } from "./support/console-page";

const OUT = path.resolve(import.meta.dirname, "../docs/screenshots");

const idOf = (scenario: ScenarioOutput, label: string): string => {
  const task = scenario.tasks.find((candidate) => candidate.label === label);
  if (!task) throw new Error(`scenario ${scenario.scenario} has no task ${label}`);
  return task.id;
};

/** Server-rendered parts show what was stored when the page loaded: reload until the data is in. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 60_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1_000, 2_000] });
}

/**
 * The README's pictures, taken from the real stack (real worker, real tasks, nothing
 * inserted behind Bloom's back): light theme, 1280×800. Every page waits for what it is
 * meant to show, so no picture is of an empty or half-loaded page.
 */
test.describe("screenshots", () => {
  test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });

  test("of the main pages", async ({ page }) => {
    test.setTimeout(300_000);
    await page.addInitScript(() => localStorage.setItem("bloom-theme", "light"));
    const brokerUrl = env("BLOOM_E2E_REDIS_URL");
    const worker = env("BLOOM_E2E_WORKER");
    // Not the chain scenario: its add(2, 2) is also the sample app's beat entry, and Bloom
    // (which sees beat only through the tasks it sends) would report that beat stopped.
    const basic = await sendScenario(brokerUrl, "basic");
    const failed = idOf(basic, "fail");

    const shoot = async (name: string, { fullPage = false } = {}) => {
      // Charts draw after hydration; give them a frame to settle.
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
    };
    const open = async (url: string, region: string) => {
      await page.goto(url);
      await expect(page.getByRole("region", { name: region })).toBeVisible();
      await waitForLive(page);
    };

    // The task pages once these finished (retry_n retries three times first).
    await open("/tasks", "Tasks by state");
    await reloadUntil(page, async () => {
      await expect(page.getByRole("table").getByRole("row").filter({ hasText: failed })).toContainText("FAILURE", { timeout: 1_000 });
      await expect(page.getByRole("table").getByRole("row").filter({ hasText: idOf(basic, "retry_n") })).toContainText("SUCCESS", { timeout: 1_000 });
    });
    await shoot("tasks");

    await open(`/task/${failed}`, "Exception");
    await expect(page.getByRole("group", { name: "Traceback" })).toContainText("ValueError: boom");
    await shoot("task");

    // Then more work than the worker's two processes take at once (about a minute of it):
    // the dashboard and workers show it running, the broker's depth chart its rise and fall.
    await sendScenario(brokerUrl, "backlog", { count: 60, seconds: 2 });

    await open("/?window=15m", "Tasks by name");
    // The sampler (every 5 s) has seen the backlog.
    await reloadUntil(page, async () => expect(await statNumber(page, "Queued")).toBeGreaterThan(0));
    await shoot("dashboard", { fullPage: true });

    await open("/workers", "All workers");
    await expect(page.getByRole("row").filter({ hasText: worker })).toContainText("online");
    await shoot("workers");

    await open(`/worker/${encodeURIComponent(worker)}`, "Recent tasks");
    await expect(page.getByRole("region", { name: "Recent tasks" }).getByRole("link").first()).toBeVisible();
    await shoot("worker");

    await open("/monitor", "Events");
    // The rate chart and the event list count what arrives while the page is open.
    await sendScenario(brokerUrl, "basic");
    await expect(page.getByRole("region", { name: "Events" })).toContainText("received live");
    await page.waitForTimeout(3_000);
    await shoot("monitor");

    // The backlog drained: the history holds its rise and fall, the table the empty queue.
    await open("/broker?window=15m", "Queues");
    const celery = page.getByRole("region", { name: "Queues" }).getByRole("row").filter({ has: page.getByRole("cell", { name: "celery", exact: true }) });
    await reloadUntil(page, () => expect(celery.getByRole("cell").nth(1)).toHaveText("0", { timeout: 1_000 }), 120_000);
    // The chart plots the deepest sample of each minute: once a minute has passed since the
    // drain (and the sampler, every 5 s, has measured it), the line comes back down to 0 too.
    await page.waitForTimeout(60_000 - (Date.now() % 60_000) + 6_000);
    await page.reload();
    await expect(page.getByRole("region", { name: "Queue depth history" }).getByRole("img", { name: /^Deepest sample per interval of .*\bcelery\b/ })).toBeVisible();
    await shoot("broker", { fullPage: true });

    await open("/config", "Bloom");
    await shoot("config");
  });
});
