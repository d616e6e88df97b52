/**
 * A real OpenID Provider on loopback for sign-in tests: the `oidc-provider` package (a
 * certified OP implementation) with its built-in development login screens. Any login name
 * is accepted at its login form; the account's claims come from `accounts`, so a test
 * decides who has a verified address and who does not.
 */
import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./free-port";

export type OidcAccount = { email: string; emailVerified: boolean; name?: string };

export type OidcServer = {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
};

export async function startOidcProvider(options: { redirectUris: string[]; accounts: Record<string, OidcAccount> }): Promise<OidcServer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "bloom-test";
  const clientSecret = "bloom-test-secret-0123456789abcdef";
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true } },
    // Test keys only; the provider generates and holds them in memory.
    cookies: { keys: ["bloom-test-cookie-key"] },
    async findAccount(_ctx, id) {
      const account = options.accounts[id] ?? { email: id, emailVerified: true };
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified, name: account.name ?? id };
        },
      };
    },
  });
  // Loopback over plain http is fine for a test provider; silence its production warnings.
  provider.on("server_error", (_ctx, error) => process.stderr.write(`oidc-provider: ${String(error)}\n`));
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
