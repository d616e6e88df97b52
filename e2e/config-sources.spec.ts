import { expect, test } from "@playwright/test";

test.describe("config: where each setting came from", () => {
  test("shows the source of every value, Flower's variables included, secrets masked", async ({ page }) => {
    await page.goto("/config");
    const table = page.getByRole("region", { name: "Bloom" }).getByRole("table", { name: "Bloom settings" });
    await expect(table.getByRole("columnheader", { name: "Source" })).toBeVisible();
    const row = (variable: string) => table.getByRole("row").filter({ has: page.getByRole("cell", { name: variable, exact: true }) });
    // global-setup starts Bloom with Flower's OAuth variables and Bloom's own basic-auth users
    await expect(row("BLOOM_AUTH_PROVIDER")).toContainText("flower.views.auth.OktaLoginHandler");
    await expect(row("BLOOM_AUTH_PROVIDER")).toContainText(/env\s*FLOWER_AUTH_PROVIDER/);
    await expect(row("BLOOM_OAUTH2_SECRET")).toContainText("********");
    await expect(row("BLOOM_OAUTH2_SECRET")).toContainText(/env\s*FLOWER_OAUTH2_SECRET/);
    await expect(row("BLOOM_BASIC_AUTH")).toContainText("********");
    await expect(row("BLOOM_BASIC_AUTH")).toContainText(/env\s*BLOOM_BASIC_AUTH/);
    await expect(row("BLOOM_READ_ONLY")).toContainText("false");
    await expect(row("BLOOM_READ_ONLY")).toContainText("default");
    await expect(row("BLOOM_TASKS_COLUMNS")).toContainText("name,uuid,state,args,kwargs,result,received,started,runtime,worker");
  });
});
