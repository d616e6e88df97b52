import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/nextauth-options";

/** NextAuth's endpoints: sign-in (CSRF-protected), OAuth callbacks, sign-out, session. */
type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  const auth = NextAuth(getAuthOptions()) as (request: Request, context: { params: { nextauth: string[] } }) => Promise<Response>;
  return auth(request, { params: await context.params });
}

export { handler as GET, handler as POST };
