import { expect, test, type Page } from "@playwright/test";
import { sendScenario } from "./rig";
import { listenForChanges } from "./support/change-listener";
import { env, waitForLive } from "./support/console-page";

/** Records in the page when each log line is added (the page's clock is this machine's clock). */
async function recordLines(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lines: { text: string; at: number }[] };
    w.__lines = [];
    const log = document.querySelector('[role="log"]');
    if (!log) throw new Error("no log on the page");
    new MutationObserver((mutations) => {
      const at = Date.now();
      for (const mutation of mutations) for (const node of mutation.addedNodes) w.__lines.push({ text: node.textContent ?? "", at });
    }).observe(log, { childList: true });
  });
}

const lineAddedAt = (page: Page, text: string) =>
  page.evaluate((needle) => (window as unknown as { __lines: { text: string; at: number }[] }).__lines.find((line) => line.text.includes(needle))?.at, text);

test.describe("monitor", () => {
  test("shows a new task's event within a second of its commit, while the page stays open", async ({ page }) => {
    const changes = await listenForChanges(env("BLOOM_E2E_DATABASE_URL"));
    try {
      await page.goto("/monitor");
      await waitForLive(page);
      const log = page.getByRole("log", { name: "Task events" });
      await recordLines(page);

      const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
      const taskId = sent.task_ids[0] ?? "";
      const name = sent.tasks[0]?.name ?? "";
      await expect(log.getByRole("listitem").filter({ hasText: `Task ${name}[${taskId}]` }).first()).toBeVisible({ timeout: 15_000 });
      await expect(log).toContainText(new RegExp(`\\[\\d\\d:\\d\\d:\\d\\d\\] Task ${name.replace(/\./g, "\\.")}\\[${taskId}\\] (sent|received|started|succeeded)`));

      const committedAt = changes.committedAt(taskId);
      const addedAt = await lineAddedAt(page, taskId);
      expect(committedAt, "the ingest announced the batch holding the task").toBeDefined();
      expect(addedAt, "the line was added while the page stayed open").toBeDefined();
      const delay = (addedAt ?? 0) - (committedAt ?? 0);
      console.log(`monitor: first event of ${taskId} on screen ${delay} ms after its commit`);
      expect(delay).toBeLessThan(1_000);
    } finally {
      await changes.close();
    }
  });

  test("pauses and resumes, and filters by type in the URL", async ({ page }) => {
    await page.goto("/monitor");
    await waitForLive(page);
    const log = page.getByRole("log", { name: "Task events" });
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: /^Resume/ })).toHaveAttribute("aria-pressed", "true");

    const sent = await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
    const taskId = sent.task_ids[0] ?? "";
    await expect(page.getByRole("button", { name: /^Resume \(\d+ new\)$/ })).toBeVisible({ timeout: 15_000 });
    await expect(log).not.toContainText(taskId);
    await page.getByRole("button", { name: /^Resume/ }).click();
    await expect(log).toContainText(taskId);

    await page.getByRole("combobox", { name: "Event type" }).selectOption("task-failed");
    await expect(page).toHaveURL(/\/monitor\?type=task-failed$/);
    await expect(log.getByRole("listitem").first()).toContainText("failed: ValueError", { timeout: 15_000 });
    const texts = await log.getByRole("listitem").allInnerTexts();
    expect(texts.every((line) => line.includes(" failed"))).toBe(true);
  });

  test("shows the rate of the last minute", async ({ page }) => {
    await page.goto("/monitor");
    const rate = page.getByRole("region", { name: "Rate (last minute)" });
    await expect(rate.getByRole("img", { name: /per second over the last minute/ })).toBeVisible();
    await expect(rate).toContainText(/succeeded\/s/);
  });
});
