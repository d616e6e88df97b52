import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import pg from "pg";
import { celeryCli } from "./rig";
import { env } from "./support/console-page";
import { signInAs } from "./support/sign-in";

test.describe("broker", () => {
  test("shows the connection and its URL", async ({ page }) => {
    await page.goto("/broker");
    const connection = page.getByRole("region", { name: "Connection" });
    await expect(connection.getByText("connected", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(connection).toContainText(env("BLOOM_E2E_REDIS_URL").replace(/\/\d+$/, ""));
    await expect(connection).toContainText("Redis");
  });

  test("lists queues with their depth and charts the history", async ({ page }) => {
    // Stand in for the queue sampler (another part of Bloom): rows exactly as it writes them.
    const client = new pg.Client({ connectionString: env("BLOOM_E2E_DATABASE_URL") });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO queue_samples (queue, depth, consumers, sampled_at)
         SELECT 'e2e-backlog', d, NULL, now() - make_interval(secs => s) FROM (VALUES (60, 8), (30, 64), (0, 12)) AS v(s, d)`,
      );
    } finally {
      await client.end();
    }
    await page.goto("/broker?window=15m");
    const queues = page.getByRole("region", { name: "Queues" });
    const row = queues.getByRole("row").filter({ hasText: "e2e-backlog" });
    await expect(row).toContainText("12");
    await expect(row.getByText("warning", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Queue depth history" }).getByRole("img", { name: /^Deepest sample per interval of .*e2e-backlog/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "History window" }).getByRole("link", { name: "15 min" })).toHaveAttribute("aria-current", "true");
  });
});

test.describe("purge", () => {
  test("an admin purges a queue nobody consumes after typing its name", async ({ page }) => {
    const queue = `e2e-purge-${Date.now().toString(36)}`;
    const redisUrl = env("BLOOM_E2E_REDIS_URL");
    for (let i = 0; i < 3; i += 1) await celeryCli({ brokerUrl: redisUrl }, ["call", "bloom_sample.add", "--args", `[${i}, 1]`, "--queue", queue]);
    const redis = new Redis(redisUrl);
    try {
      expect(await redis.llen(queue)).toBe(3);
      // `celery call --queue` binds the queue to its own exchange, which the sampler does not
      // watch: stand in for a sample so the page lists it (the depth purged comes from Redis).
      await insertSample(queue, 3);
      await page.goto("/broker");
      const queues = page.getByRole("region", { name: "Queues" });
      const row = queues.getByRole("row").filter({ hasText: queue });
      await row.getByRole("button", { name: `Purge ${queue}` }).click();
      const confirm = page.getByRole("form", { name: `Confirm purge of ${queue}` });
      await expect(confirm).toContainText("3 messages");
      const go = confirm.getByRole("button", { name: `Purge ${queue}` });
      await expect(go).toBeDisabled();
      await confirm.getByLabel("Type the queue name to confirm").fill(queue.slice(0, -1));
      await expect(go).toBeDisabled();
      await confirm.getByLabel("Type the queue name to confirm").fill(queue);
      await go.click();
      await expect(queues.getByRole("status")).toHaveText(new RegExp(`Purged 3 messages from ${queue}`));
      expect(await redis.llen(queue)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  test("a viewer sees no purge buttons", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signInAs(page, "viewer", "/broker");
    await expect(page.getByRole("region", { name: "Queues" }).getByRole("row").first()).toBeVisible();
    await expect(page.getByRole("button", { name: /^Purge / })).toHaveCount(0);
    await context.close();
  });
});

async function insertSample(queue: string, depth: number): Promise<void> {
  const client = new pg.Client({ connectionString: env("BLOOM_E2E_DATABASE_URL") });
  await client.connect();
  try {
    await client.query("INSERT INTO queue_samples (queue, depth, consumers, sampled_at) VALUES ($1, $2, NULL, now())", [queue, depth]);
  } finally {
    await client.end();
  }
}
