import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { verifySignature } from "@/lib/alerts/payloads/webhook";
import { signInAs, signInAsAdmin } from "./support/sign-in";

/**
 * The alerts pages against the e2e stack: the runbook rules are there, a rule is edited, a
 * rule that fires at once shows in the bell and is acknowledged and silenced (history says
 * by whom), a webhook channel is added with its secret masked and receives a signed test
 * notification on a real HTTP server on loopback, and a viewer may look but not change.
 */

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

async function startReceiver(): Promise<{ url: string; requests: Received[]; close: () => Promise<void> }> {
  const requests: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      requests.push({ path: request.url ?? "/", headers: request.headers, body });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const rulesTable = (page: Page) => page.getByRole("table", { name: "Alert rules" });

test.describe("alerts", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test("lists the runbook rules with their state, and the dashboard's badges lead to them", async ({ page }) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
    for (const name of ["All workers offline", "Broker unavailable", "Failure rate above 10%", "Queue depth above 50", "Beat stopped", "Queue depth above 10", "Average task time above 10 s", "Worker CPU above 80%", "Retry rate above 5%"]) {
      await expect(rulesTable(page).getByRole("link", { name, exact: true })).toBeVisible();
    }
    // Every runbook rule ships enabled, "Beat stopped" included (it reads the Beat page's verdict).
    const beat = rulesTable(page).getByRole("row").filter({ has: page.getByRole("link", { name: "Beat stopped" }) });
    await expect(beat).toBeVisible();
    await expect(beat.getByText("disabled", { exact: true })).toHaveCount(0);

    await page.goto("/");
    const workersOnline = page.getByRole("group", { name: "Workers online", exact: true });
    await workersOnline.getByRole("link", { name: /alert rule: All workers offline/ }).click();
    await expect(page).toHaveURL(/\/alerts\/rules\/workers-offline$/);
    await expect(page.getByRole("heading", { name: "All workers offline" })).toBeVisible();
  });

  test("an admin edits a rule; the new threshold is stored and shown", async ({ page }) => {
    await page.goto("/alerts/rules/queue-depth-warning");
    const form = page.getByRole("form", { name: "Edit rule" });
    await form.getByLabel("Threshold", { exact: true }).fill("15");
    await form.getByLabel(/^Clears back past/).fill("20");
    await form.getByRole("button", { name: "Save rule" }).click();
    // a clear threshold on the wrong side is refused by the server's validation
    await expect(form.getByRole("alert")).toContainText("clearThreshold: must be at most the threshold (15)");
    await form.getByLabel(/^Clears back past/).fill("8");
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(form.getByRole("status")).toHaveText("Rule saved.");
    await page.reload();
    await expect(page.getByRole("region", { name: "Status" })).toContainText("Queue depth above 15");
    // put it back for the other specs
    await page.getByRole("form", { name: "Edit rule" }).getByLabel("Threshold", { exact: true }).fill("10");
    await page.getByRole("form", { name: "Edit rule" }).getByLabel(/^Clears back past/).fill("5");
    await page.getByRole("form", { name: "Edit rule" }).getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByRole("form", { name: "Edit rule" }).getByRole("status")).toHaveText("Rule saved.");
  });

  test("a firing alert shows in the bell on every page; acknowledging and silencing are recorded with who did it", async ({ page }) => {
    // The e2e worker keeps `celery` empty, so "below 1" holds at once.
    await page.goto("/alerts/rules/new");
    const form = page.getByRole("form", { name: "New rule" });
    await form.getByLabel("Name").fill("E2E empty queue");
    await form.getByLabel("Severity").selectOption("critical");
    await form.getByLabel("Metric").selectOption("queue_depth");
    await form.getByLabel("Fires when the value is").selectOption("below");
    await form.getByLabel("Threshold", { exact: true }).fill("1");
    await form.getByLabel("For", { exact: true }).fill("0");
    await form.getByLabel("Clear for").fill("0");
    await form.getByLabel("Queues").fill("celery");
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(page).toHaveURL(/\/alerts\/rules\/e2e-empty-queue-[0-9a-f]{6}$/);
    const ruleUrl = page.url();

    const bell = page.getByRole("banner").getByTestId("alert-bell");
    await page.goto("/workers");
    await expect(async () => {
      await page.reload();
      await expect(bell.getByLabel(/Alerts: [1-9]\d* firing/)).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 45_000 });
    await bell.getByLabel(/Alerts: \d+ firing/).click();
    await bell.getByRole("link", { name: /E2E empty queue/ }).click();
    await expect(page).toHaveURL(ruleUrl);

    const status = page.getByRole("region", { name: "Status" });
    await status.getByRole("button", { name: "Acknowledge" }).click();
    await expect(status.getByRole("status")).toContainText("Acknowledged");
    await status.getByLabel("Silence for").selectOption("1h");
    await status.getByLabel("Reason").fill("e2e check");
    await status.getByRole("button", { name: "Silence", exact: true }).click();
    await expect(status.getByRole("status")).toContainText("Silenced for 1h");

    await page.reload();
    await expect(page.getByRole("region", { name: "Status" })).toContainText("by admin");
    const history = page.getByRole("table", { name: "Alert history" });
    await expect(history.getByRole("row").filter({ hasText: "fired" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "acknowledged" })).toContainText("admin");
    await expect(history.getByRole("row").filter({ hasText: "silenced" })).toContainText("e2e check");

    // Delete it, so the bell is quiet for the other specs.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("region", { name: "Status" }).getByRole("button", { name: "Delete rule" }).click();
    await expect(page).toHaveURL(/\/alerts$/);
    await expect(rulesTable(page).getByRole("link", { name: "E2E empty queue" })).toHaveCount(0);
  });

  test("a webhook channel keeps its secret hidden and receives a signed test notification", async ({ page }) => {
    const receiver = await startReceiver();
    try {
      await page.goto("/alerts/channels");
      const add = page.getByRole("form", { name: "Add a channel" });
      await add.getByLabel("Name").fill("e2e hook");
      await add.getByLabel("Type").selectOption("webhook");
      await add.getByLabel("URL").fill(`${receiver.url}/hook?token=tok-e2e-123`);
      await add.getByLabel(/Signing secret/).fill("e2e-secret-xyz");
      await add.getByLabel("Notify it of every rule").uncheck();
      await add.getByRole("button", { name: "Add channel" }).click();
      const panel = page.getByRole("region", { name: "Channels" });
      await expect(panel.getByRole("status")).toHaveText("Added e2e hook.");

      const row = panel.getByRole("table", { name: "Channels" }).getByRole("row").filter({ hasText: "e2e hook" });
      await expect(row).toContainText("signed (HMAC-SHA256)");
      await expect(row).toContainText(`${receiver.url}/hook?********`);
      const html = await page.content();
      expect(html).not.toContain("tok-e2e-123");
      expect(html).not.toContain("e2e-secret-xyz");

      await row.getByRole("button", { name: "Send test notification" }).click();
      await expect(panel.getByRole("status")).toHaveText("Test notification sent to e2e hook.");
      const request = receiver.requests.at(-1);
      expect(request?.path).toBe("/hook?token=tok-e2e-123");
      expect(verifySignature("e2e-secret-xyz", String(request?.headers["x-bloom-timestamp"]), request?.body ?? "", String(request?.headers["x-bloom-signature"]))).toBe(true);
      expect(JSON.parse(request?.body ?? "{}")).toMatchObject({ version: 1, kind: "test" });

      await page.goto("/alerts/history");
      const log = page.getByRole("table", { name: "Delivery log" });
      await expect(log.getByRole("row").filter({ hasText: "e2e hook" }).first()).toContainText("sent");

      await page.goto("/alerts/channels");
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("table", { name: "Channels" }).getByRole("row").filter({ hasText: "e2e hook" }).getByRole("button", { name: "Delete" }).click();
      await expect(page.getByRole("region", { name: "Channels" }).getByRole("status")).toHaveText("Deleted e2e hook.");
    } finally {
      await receiver.close();
    }
  });

  test("a viewer sees rules and channels but no way to change them", async ({ page }) => {
    await page.context().clearCookies();
    await signInAs(page, "viewer", "/alerts/rules/workers-offline");
    await expect(page.getByRole("heading", { name: "All workers offline" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Edit rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Silence", exact: true })).toHaveCount(0);
    await page.goto("/alerts/channels");
    await expect(page.getByRole("form", { name: "Add a channel" })).toHaveCount(0);
    await page.goto("/alerts");
    await expect(page.getByRole("link", { name: "New rule" })).toHaveCount(0);
  });
});
