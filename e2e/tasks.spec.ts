import { expect, test, type Page } from "@playwright/test";
import { celeryCli, sendScenario, type ScenarioOutput } from "./rig";

/**
 * The tasks pages against real Celery traffic: the sample worker runs real tasks (a failure
 * with a traceback, a chain, arguments full of markup), Bloom ingests their events, and the
 * browser finds them the way an on-call admin would.
 */

const brokerUrl = () => {
  const url = process.env.BLOOM_E2E_REDIS_URL;
  if (!url) throw new Error("BLOOM_E2E_REDIS_URL is not set (e2e/global-setup.ts sets it)");
  return url;
};

let basic: ScenarioOutput;
let chain: ScenarioOutput;
let hostileEcho: string;
let hostileFailure: string;

const idOf = (scenario: ScenarioOutput, label: string): string => {
  const task = scenario.tasks.find((candidate) => candidate.label === label);
  if (!task) throw new Error(`scenario ${scenario.scenario} has no task ${label}`);
  return task.id;
};

/** Sends one task with the celery CLI (as a user would) and returns its id. */
async function callTask(name: string, args: unknown[]): Promise<string> {
  const { stdout } = await celeryCli({ brokerUrl: brokerUrl() }, ["call", name, "--args", JSON.stringify(args)]);
  const id = stdout.trim().split("\n").at(-1)?.trim() ?? "";
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`celery call printed no task id: ${stdout}`);
  return id;
}

const XSS_SCRIPT = "<script>window.__bloomXss = 1</script>";
const XSS_URL = "javascript:window.__bloomXss=2";
const XSS_IMG = "<img src=x onerror=\"window.__bloomXss=3\">";

test.beforeAll(async () => {
  basic = await sendScenario(brokerUrl(), "basic");
  chain = await sendScenario(brokerUrl(), "chain");
  hostileEcho = await callTask("bloom_sample.echo", [XSS_SCRIPT, XSS_URL]);
  hostileFailure = await callTask("bloom_sample.fail", [XSS_IMG]);
});

/** The table is server-rendered: reload until the ingest has written what the test waits for. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 45_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

const table = (page: Page) => page.getByRole("table");

test.beforeEach(async ({ page }) => {
  // Nothing on these pages may run code from task data: any dialog fails the test.
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

test("lists the tasks the worker ran and filters them by state", async ({ page }) => {
  const failed = idOf(basic, "fail");
  const added = idOf(basic, "add");
  await page.goto("/tasks");
  await expect(page.getByRole("heading", { name: "Tasks", level: 1 })).toBeVisible();
  await reloadUntil(page, async () => {
    await expect(table(page).getByRole("link", { name: added })).toBeVisible({ timeout: 1_000 });
    await expect(table(page).getByRole("row").filter({ hasText: failed })).toContainText("FAILURE", { timeout: 1_000 });
  });

  await page.getByRole("combobox", { name: "State" }).selectOption("FAILURE");
  await expect(page).toHaveURL(/[?&]state=FAILURE\b/);
  await expect(table(page).getByRole("link", { name: failed })).toBeVisible();
  await expect(table(page).getByRole("link", { name: added })).toHaveCount(0);
  const rows = table(page).locator("tbody tr");
  for (const row of await rows.all()) await expect(row).toContainText("FAILURE");

  // The counts show every state under the other filters, FAILURE among them, as a link.
  await expect(page.getByRole("region", { name: "Tasks by state" }).getByRole("link", { name: /^FAILURE: \d+ tasks?\b/ })).toBeVisible();
});

test("searches by task name", async ({ page }) => {
  await page.goto("/tasks");
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("bloom_sample.mul");
  await search.press("Enter");
  await expect(page).toHaveURL(/[?&]q=bloom_sample\.mul\b/);
  // basic's mul(4, 5) and the chain's middle step
  await reloadUntil(page, async () => {
    await expect(table(page).getByRole("link", { name: idOf(basic, "mul") })).toBeVisible({ timeout: 1_000 });
    await expect(table(page).getByRole("link", { name: idOf(chain, "step1") })).toBeVisible({ timeout: 1_000 });
  });
  await expect(table(page).getByRole("link", { name: idOf(basic, "add") })).toHaveCount(0);
  for (const row of await table(page).locator("tbody tr").all()) await expect(row).toContainText("bloom_sample.mul");
});

test("opens a failed task and reads its traceback, the user's frames apart from Celery's", async ({ page }) => {
  const failed = idOf(basic, "fail");
  await page.goto("/tasks?state=FAILURE");
  await reloadUntil(page, () => expect(table(page).getByRole("link", { name: failed })).toBeVisible({ timeout: 1_000 }));
  await table(page).getByRole("link", { name: failed }).click();

  await expect(page).toHaveURL(new RegExp(`/task/${failed}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(failed);
  await expect(page.getByRole("region", { name: "Exception" }).getByText("ValueError('boom')", { exact: true })).toBeVisible();
  const traceback = page.getByRole("group", { name: "Traceback" });
  await expect(traceback).toContainText("ValueError: boom");
  // bloom_sample.py is the user's code: its frames are shown, highlighted...
  const userFrames = traceback.locator("[data-frame=user]");
  await expect(userFrames.filter({ hasText: "in _validate" })).toBeVisible();
  await expect(userFrames.filter({ hasText: "in fail" })).toBeVisible();
  // ...Celery's own frames (dist-packages) are folded away until asked for.
  const library = traceback.locator("details").filter({ hasText: /library frames? \(celery\)/ });
  await expect(library.first()).toBeVisible();
  await expect(library.first().getByText("trace_task")).toBeHidden();
  await library.first().locator("summary").click();
  await expect(library.first().getByText("trace_task", { exact: false })).toBeVisible();

  // the timeline has the worker's events
  const events = page.getByRole("list", { name: "Events" });
  await expect(events).toContainText("task-received");
  await expect(events).toContainText("task-failed");
});

test("follows a chain through its family tree", async ({ page }) => {
  const [first, second, third] = [idOf(chain, "step0"), idOf(chain, "step1"), idOf(chain, "step2")];
  await page.goto(`/task/${first}`);
  await reloadUntil(page, async () => {
    const family = page.getByRole("navigation", { name: "Task family" });
    await expect(family.getByRole("link", { name: third })).toBeVisible({ timeout: 1_000 });
  });
  const family = page.getByRole("navigation", { name: "Task family" });
  await expect(family.locator("[aria-current=page]")).toContainText(first);

  await family.getByRole("link", { name: second }).click();
  await expect(page).toHaveURL(new RegExp(`/task/${second}$`));
  await expect(page.getByRole("navigation", { name: "Task family" }).locator("[aria-current=page]")).toContainText(second);

  await page.getByRole("navigation", { name: "Task family" }).getByRole("link", { name: third }).click();
  await expect(page).toHaveURL(new RegExp(`/task/${third}$`));
  // The last step's parent is the middle one, its root the first.
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByRole("link", { name: second })).toBeVisible();
  await expect(details.getByRole("link", { name: first })).toBeVisible();
});

test("shows markup and javascript: URLs in arguments and tracebacks as text", async ({ page }) => {
  await page.goto(`/task/${hostileEcho}`);
  await reloadUntil(page, () => expect(page.getByRole("heading", { level: 1 })).toContainText("SUCCESS", { timeout: 1_000 }));
  const values = page.getByRole("region", { name: "Arguments and result" });
  await expect(values.getByLabel("Args", { exact: true })).toContainText(XSS_SCRIPT);
  await expect(values.getByLabel("Args", { exact: true })).toContainText(XSS_URL);
  await expect(values.getByLabel("Result", { exact: true })).toContainText(XSS_SCRIPT);
  await expect(page.locator(`a[href^="javascript:"]`)).toHaveCount(0);

  await page.goto(`/task/${hostileFailure}`);
  await reloadUntil(page, () => expect(page.getByRole("group", { name: "Traceback" })).toContainText(`ValueError: ${XSS_IMG}`, { timeout: 1_000 }));
  await expect(page.locator("img[src=x]")).toHaveCount(0);

  await page.goto(`/tasks?q=${encodeURIComponent("__bloomXss")}`);
  await expect(table(page).getByRole("link", { name: hostileEcho })).toBeVisible();
  await expect(table(page).getByRole("link", { name: hostileFailure })).toBeVisible();
  await expect(table(page)).toContainText(XSS_SCRIPT);

  expect(await page.evaluate(() => (window as unknown as { __bloomXss?: number }).__bloomXss)).toBeUndefined();
});

test("exports the filtered tasks as a CSV download, and names a bad parameter", async ({ request }) => {
  const failed = idOf(basic, "fail");
  const csv = await request.get("/api/v1/tasks/export?format=csv&state=FAILURE&columns=uuid,name,state,exception");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="bloom-tasks-\d{8}T\d{6}Z\.csv"$/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("uuid,name,state,exception");
  expect(lines).toContain(`${failed},bloom_sample.fail,FAILURE,ValueError('boom')`);

  const json = await request.get(`/api/v1/tasks/export?format=json&q=${idOf(chain, "step2")}`);
  expect(json.headers()["content-disposition"]).toMatch(/\.json"$/);
  expect(await json.json()).toEqual([expect.objectContaining({ uuid: idOf(chain, "step2"), name: "bloom_sample.add", state: "SUCCESS", result: "13" })]);

  const bad = await request.get("/api/v1/tasks/export?format=xml");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: { code: "invalid_parameter", message: "format: must be csv or json" } });
});
