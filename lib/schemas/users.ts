import { z } from "zod";
import { passwordProblem } from "@/lib/auth/passwords";
import { ROLES } from "@/lib/auth/actor";

/** Inputs of user and token management, shared by server actions, REST and `bloom users`. */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200, "must be at most 200 characters")
  .regex(/^[^\s:,]+$/, "must not contain spaces, ':' or ','");

export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const roleSchema = z.enum(ROLES, { error: 'must be "admin" or "viewer"' });

export const createUserInput = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema.default("viewer"),
  email: z.email("must be an email address").optional(),
});

export const userIdInput = z.object({ userId: z.uuid("is not a user id") });
export const setRoleInput = userIdInput.extend({ role: roleSchema });
export const setDisabledInput = userIdInput.extend({ disabled: z.boolean() });
export const setPasswordInput = userIdInput.extend({ password: passwordSchema });

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scope: z.enum(["read", "admin"], { error: 'must be "read" or "admin"' }),
});
export const tokenIdInput = z.object({ tokenId: z.uuid("is not a token id") });
