/** What the login page says for each `?error=` NextAuth or Bloom's sign-in callback sends back. */
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong user name or password.",
  AccountLocked: "Too many failed sign-ins: this account or address is locked for a while. Try again later or ask an admin.",
  email_not_allowed: "This email address is not allowed to sign in to Bloom. Use another account or ask an admin to allow it.",
  email_unverified: "Your email address is not verified with the provider; verify it there first.",
  email_missing: "The provider did not share an email address, so Bloom cannot tell who you are.",
  group_required: "You are not a member of the organisation or group this Bloom requires.",
  account_disabled: "This account is disabled. Ask an admin.",
  SessionRequired: "Please sign in.",
  OAuthSignin: "Could not reach the sign-in provider. Try again.",
  OAuthCallback: "The sign-in provider's answer could not be verified. Try again.",
  Callback: "The sign-in provider's answer could not be verified. Try again.",
  AccessDenied: "Access denied.",
  Configuration: "Sign-in is misconfigured on the server; its log has the details.",
};

export function signInErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return MESSAGES[code] ?? "Sign-in failed. Try again.";
}
