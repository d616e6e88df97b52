import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OAuthButton, SignInForm } from "@/components/auth/sign-in-form";
import { getAuthSettings } from "@/lib/auth/auth-settings";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { countPasswordUsers } from "@/lib/repositories/users";
import { withBasePath } from "@/lib/http/base-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const PROVIDER_LABELS = { google: "Google", github: "GitHub", gitlab: "GitLab", okta: "Okta", oidc: "single sign-on" } as const;

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // An app path: redirect() adds the URL prefix itself; NextAuth is given the browser path.
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  if (await resolveSessionActor()) redirect(callbackUrl);
  const settings = getAuthSettings();
  const error = signInErrorMessage(typeof params.error === "string" ? params.error : undefined);
  const showPassword = settings.configuredUsers.length > 0 || settings.developmentSeed || (await countPasswordUsers()) > 0;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div>
          <h1 className="text-2xl font-semibold text-emerald-700 dark:text-emerald-400">Bloom</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Sign in to the Celery console.</p>
        </div>
        {params.signedOut ? <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">You are signed out.</p> : null}
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {error}
          </p>
        ) : null}
        {settings.developmentSeed ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            Development mode: sign in as <strong>admin</strong> / <strong>admin123</strong>. Configure sign-in before anyone else can reach Bloom.
          </p>
        ) : null}
        {settings.oauth ? <OAuthButton providerId={settings.oauth.provider} label={PROVIDER_LABELS[settings.oauth.provider]} callbackUrl={withBasePath(callbackUrl)} /> : null}
        {settings.oauth && showPassword ? <p className="text-center text-xs uppercase text-slate-500">or</p> : null}
        {showPassword ? <SignInForm callbackUrl={withBasePath(callbackUrl)} /> : null}
        {!showPassword && !settings.oauth ? <p className="text-sm">No sign-in method is configured. See README, “Sign-in and roles”.</p> : null}
      </div>
    </main>
  );
}
