import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccessManager } from "@/components/auth/access-manager";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { listAccessUsers, listTokens } from "@/lib/services/access";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Access" };

/** Users and API tokens; admins only (viewers are told so, and the actions refuse them anyway). */
export default async function AccessPage() {
  const actor = await resolveSessionActor();
  if (!actor) redirect("/login");
  if (!canAct(actor)) {
    return <EmptyState title="Admins only">Only admins manage users and API tokens. Ask an admin if you need access.</EmptyState>;
  }
  const [users, tokens] = await Promise.all([listAccessUsers(actor), listTokens(actor)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Access</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Users stored in Bloom and API tokens. Users configured in the environment (BLOOM_BASIC_AUTH, FLOWER_ADMIN_USERNAME) are not listed here; change them where they are set.
        </p>
      </div>
      <AccessManager
        currentUserId={actor.userId ?? null}
        users={users.map((user) => ({ id: user.id, username: user.username, email: user.email, role: user.role, disabled: user.disabled, source: user.authSource, lastSignInAt: user.lastSignInAt?.toISOString() ?? null }))}
        tokens={tokens.map((token) => ({ id: token.id, name: token.name, scope: token.scope, createdBy: token.createdBy, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null, revoked: token.revokedAt !== null }))}
      />
    </div>
  );
}
