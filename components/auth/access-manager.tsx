"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/define-action";
import { addUserAction, changeRoleAction, createTokenAction, removeUserAction, revokeTokenAction, setUserDisabledAction } from "@/lib/actions/access-actions";

export type AccessUser = { id: string; username: string; email: string | null; role: "admin" | "viewer"; disabled: boolean; source: string; lastSignInAt: string | null };
export type AccessToken = { id: string; name: string; scope: "read" | "admin"; createdBy: string | null; createdAt: string; lastUsedAt: string | null; revoked: boolean };

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** Users and tokens, with every change going through a server action that re-checks the role. */
export function AccessManager({ users, tokens, currentUserId }: { users: AccessUser[]; tokens: AccessToken[]; currentUserId: string | null }) {
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [newToken, setNewToken] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = <T,>(action: () => Promise<ActionResult<T>>, success: (data: T) => string) =>
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? { kind: "ok", text: success(result.data) } : { kind: "error", text: result.error.message });
    });

  const addUser = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    const role = form.get("role") === "admin" ? "admin" : "viewer";
    run(
      () => addUserAction({ username: String(form.get("username") ?? ""), password: String(form.get("password") ?? ""), role }),
      (user) => {
        target.reset();
        return `Added ${user.username} (${user.role}).`;
      },
    );
  };

  const addToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scope = form.get("scope") === "admin" ? "admin" : "read";
    startTransition(async () => {
      const result = await createTokenAction({ name: String(form.get("name") ?? ""), scope });
      if (result.ok) {
        setNewToken(result.data.token);
        setMessage({ kind: "ok", text: "Token created. Copy it now: it is not shown again." });
      } else setMessage({ kind: "error", text: result.error.message });
    });
  };

  return (
    <div className="space-y-6">
      {message ? (
        <p role={message.kind === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${message.kind === "error" ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"}`}>
          {message.text}
        </p>
      ) : null}
      <Panel title="Users">
        <Table caption="Users">
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Source</Th>
              <Th>Last sign-in</Th>
              <Th>Actions</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <Td>
                  {user.username}
                  {user.disabled ? <span className="ml-2 text-xs text-red-700 dark:text-red-300">disabled</span> : null}
                </Td>
                <Td>
                  <select
                    aria-label={`Role of ${user.username}`}
                    className={input}
                    value={user.role}
                    disabled={pending}
                    onChange={(event) => run(() => changeRoleAction({ userId: user.id, role: event.target.value === "admin" ? "admin" : "viewer" }), (u) => `${u.username} is now ${u.role}.`)}
                  >
                    <option value="viewer">viewer</option>
                    <option value="admin">admin</option>
                  </select>
                </Td>
                <Td>{user.source}</Td>
                <Td>{user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : "never"}</Td>
                <Td>
                  <div className="flex gap-2">
                    <button type="button" className={button} disabled={pending} onClick={() => run(() => setUserDisabledAction({ userId: user.id, disabled: !user.disabled }), (u) => `${u.username} ${u.disabled ? "disabled" : "enabled"}.`)}>
                      {user.disabled ? "Enable" : "Disable"}
                    </button>
                    {user.id !== currentUserId ? (
                      <button
                        type="button"
                        className={button}
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(`Remove ${user.username}?`)) run(() => removeUserAction({ userId: user.id }), () => `Removed ${user.username}.`);
                        }}
                      >
                        Remove
                      </button>
                    ) : null}
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <form onSubmit={addUser} className="mt-4 flex flex-wrap items-end gap-2" aria-label="Add a user">
          <label className="text-sm">
            <span className="block text-xs text-slate-500">User name</span>
            <input name="username" required className={input} />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-500">Password (8+ characters)</span>
            <input name="password" type="password" required minLength={8} autoComplete="new-password" className={input} />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-500">Role</span>
            <select name="role" className={input} defaultValue="viewer">
              <option value="viewer">viewer</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <button type="submit" className={button} disabled={pending}>
            Add user
          </button>
        </form>
      </Panel>
      <Panel title="API tokens">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Send as <code>Authorization: Bearer &lt;token&gt;</code>. “read” tokens may read the API and scrape <code>/metrics</code>; “admin” tokens may also run commands.
        </p>
        {newToken ? (
          <p className="mb-3 break-all rounded-md bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800" data-testid="new-token">
            {newToken}
          </p>
        ) : null}
        <Table caption="API tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Scope</Th>
              <Th>Created by</Th>
              <Th>Last used</Th>
              <Th>Actions</Th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <Td>{token.name}</Td>
                <Td>{token.scope}</Td>
                <Td>{token.createdBy ?? "—"}</Td>
                <Td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : "never"}</Td>
                <Td>
                  {token.revoked ? (
                    "revoked"
                  ) : (
                    <button type="button" className={button} disabled={pending} onClick={() => run(() => revokeTokenAction({ tokenId: token.id }), () => `Revoked ${token.name}.`)}>
                      Revoke
                    </button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <form onSubmit={addToken} className="mt-4 flex flex-wrap items-end gap-2" aria-label="Create an API token">
          <label className="text-sm">
            <span className="block text-xs text-slate-500">Name</span>
            <input name="name" required className={input} placeholder="prometheus" />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-500">Scope</span>
            <select name="scope" className={input} defaultValue="read">
              <option value="read">read</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <button type="submit" className={button} disabled={pending}>
            Create token
          </button>
        </form>
      </Panel>
    </div>
  );
}
