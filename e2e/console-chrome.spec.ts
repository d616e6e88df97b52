import { expect, test } from "@playwright/test";
import { NAV_LINKS } from "../components/layout/nav-links";
import { hasNoHorizontalOverflow } from "./support/console-page";

test.describe("console chrome", () => {
  test("remembers the dark theme across reloads and switches back", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/workers");
    const toggle = page.getByRole("switch", { name: "Dark theme" });
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await expect(page.getByRole("switch", { name: "Dark theme" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("switch", { name: "Dark theme" }).click();
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  });

  test("is keyboard-navigable: skip link first, then the sections, with the current one marked", async ({ page }) => {
    await page.goto("/monitor");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Monitor" })).toHaveAttribute("aria-current", "page");
    // In the order the sections are declared (one source of truth for the menu).
    await expect(nav.getByRole("link")).toHaveText(NAV_LINKS.map((link) => link.label));
    await nav.getByRole("link", { name: "Workers" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/workers$/);
    await expect(page.getByRole("heading", { name: "Workers", level: 1 })).toBeVisible();
  });

  test("every page fits a phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/workers", `/worker/${encodeURIComponent(process.env.BLOOM_E2E_WORKER ?? "")}`, "/monitor", "/broker", "/config"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await hasNoHorizontalOverflow(page), path).toBe(true);
    }
  });
});
