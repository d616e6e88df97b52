import { UnauthenticatedError, type Actor } from "@/lib/auth/actor";

/** withApi gives non-public routes an actor; this says so to the type checker without a `!`. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}
