/**
 * Who is asking. Every service that changes something takes an Actor and checks the role
 * itself (lib/services/authorize.ts): a server action is a public POST endpoint and a REST
 * call can be crafted by hand, so no check may live only in the UI or in middleware.
 */
export const ROLES = ["admin", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** How the actor proved who they are. */
export type ActorKind = "session" | "token" | "basic" | "unauthenticated-api" | "system";

export type Actor = {
  readonly kind: ActorKind;
  /** username, email or token name: what the audit log shows */
  readonly name: string;
  readonly role: Role;
  /** users.id when the actor is a stored user */
  readonly userId?: string;
  /** api_tokens.id when the actor is a token */
  readonly tokenId?: string;
};

/**
 * admin may run every control command, retry, manage users and tokens; viewer only looks.
 * BLOOM_READ_ONLY (Flower's `read_only`) turns every signed-in admin into an onlooker too;
 * only the operator's own CLI (`system` actors) still acts, so users can be managed.
 */
export function canAct(actor: Actor): boolean {
  if (actor.kind === "system") return true;
  return actor.role === "admin" && !readOnlyMode();
}

/** Read from the environment each time: tests and the CLI change it; start-up validated it. */
export function readOnlyMode(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = (env.BLOOM_READ_ONLY ?? env.FLOWER_READ_ONLY ?? "").trim().toLowerCase();
  return ["1", "true", "yes", "on"].includes(value);
}

/** The ingest worker and CLI act as this actor (audit rows still name it). */
export function systemActor(name: string): Actor {
  return { kind: "system", name, role: "admin" };
}

/** Raised when a request carries no valid credentials. HTTP 401. */
export class UnauthenticatedError extends Error {
  readonly code = "unauthenticated";
  constructor(message = "Sign in, or send an API token as `Authorization: Bearer <token>`.") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** Raised when the actor's role does not allow the action. HTTP 403. */
export class ForbiddenError extends Error {
  readonly code = "forbidden";
  constructor(
    readonly action: string,
    message = `Only admins may ${action}.`,
  ) {
    super(message);
    this.name = "ForbiddenError";
  }
}
