import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

/**
 * Sign-in as deployed (e2e/global-setup.ts: production mode, BLOOM_BASIC_AUTH users and
 * Flower's Okta settings pointing at a real OpenID Provider on loopback). Every test starts
 * signed out.
 */
test.use({ storageState: { cookies: [], origins: [] } });

test("a page asks for sign-in, then opens where the user was going; sign-out ends the session", async ({ page }) => {
  await page.goto("/tasks?state=FAILURE");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  // The viewer's password has ":", "," (configured as %2C) and unicode.
  await signInAs(page, "viewer", "/tasks?state=FAILURE");
  await expect(page).toHaveURL(/\/tasks\?state=FAILURE$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(/viewer\s*viewer/i);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/workers");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("User name", { exact: true }).fill("admin");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong user name or password.");
});

test("repeated failures lock the account for a while, then it recovers", async ({ page }) => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.goto("/login");
    await page.getByLabel("User name", { exact: true }).fill("locky");
    await page.getByLabel("Password", { exact: true }).fill(`wrong-${attempt}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  }
  await expect(page.getByRole("main").getByRole("alert")).toContainText("locked");
  // Even the right password is refused while locked...
  await page.goto("/login");
  await page.getByLabel("User name", { exact: true }).fill("locky");
  await page.getByLabel("Password", { exact: true }).fill("locky-e2e-pass");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("locked");
  // ...and accepted once the lockout (4 s in this configuration) is over.
  await page.waitForTimeout(4_500);
  await signInAs(page, "locky");
});

async function signInWithOidc(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Okta" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

test("OIDC (Flower's Okta settings): an allowed, verified email gets in with the role its rule gives", async ({ page }) => {
  await signInWithOidc(page, "alice@admins.example.com");
  await expect(page.getByTestId("signed-in-user")).toHaveText(/alice@admins\.example\.com\s*admin/i);
  await signInWithOidcAgainAsViewer(page);
});

async function signInWithOidcAgainAsViewer(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.context().clearCookies();
  await signInWithOidc(page, "bob@example.com");
  await expect(page.getByTestId("signed-in-user")).toHaveText(/bob@example\.com\s*viewer/i);
}

test("OIDC: an email outside the --auth rule is refused and told why", async ({ page }) => {
  await signInWithOidc(page, "mallory@elsewhere.org");
  await expect(page).toHaveURL(/\/login\?error=email_not_allowed/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not allowed");
});

test("OIDC: an unverified email is refused", async ({ page }) => {
  await signInWithOidc(page, "unverified@example.com");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not verified");
});

test("a viewer sees no user management and API tokens work by scope", async ({ page, request, baseURL }) => {
  await signInAs(page, "viewer", "/access");
  await expect(page.getByText("Only admins manage users and API tokens.")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await signInAs(page, "admin", "/access");
  await page.getByRole("form", { name: "Create an API token" }).getByLabel("Name").fill("e2e-read");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").innerText()).trim();
  expect(token).toMatch(/^bloom_/);

  const anonymous = await request.get(`${baseURL}/api/console/workers`, { headers: { cookie: "" } });
  expect(anonymous.status()).toBe(401);
  const withToken = await request.get(`${baseURL}/api/console/workers`, { headers: { authorization: `Bearer ${token}`, cookie: "" } });
  expect(withToken.status()).toBe(200);

  await page.getByRole("row", { name: /e2e-read/ }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Revoked e2e-read");
  const revoked = await request.get(`${baseURL}/api/console/workers`, { headers: { authorization: `Bearer ${token}`, cookie: "" } });
  expect(revoked.status()).toBe(401);
});
