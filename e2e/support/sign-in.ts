import { expect, type Page } from "@playwright/test";
import { E2E_USERS } from "./e2e-users";

/** Signs in through the login form as one of the e2e users. */
export async function signInAs(page: Page, who: (typeof E2E_USERS)[number]["username"], next = "/"): Promise<void> {
  const user = E2E_USERS.find((candidate) => candidate.username === who);
  if (!user) throw new Error(`no e2e user ${who}`);
  // Specs start signed in as admin (storageState); the login page sends a signed-in user on.
  await page.context().clearCookies();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(next)}`);
  await page.getByLabel("User name", { exact: true }).fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(user.username);
}

/** Specs run signed in as admin already (playwright.config.ts storageState); this makes it explicit. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto("/");
  if (await page.getByTestId("signed-in-user").isVisible()) return;
  await signInAs(page, "admin");
}
