"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { addUser, changeRole, createToken, removeUser, revokeToken, setUserDisabled, setUserPassword } from "@/lib/services/access";
import { createTokenInput, createUserInput, setDisabledInput, setPasswordInput, setRoleInput, tokenIdInput, userIdInput } from "@/lib/schemas/users";

/** Server actions of the Access page; each checks the session and role again (lib/services/access.ts). */
const ACCESS_PATH = "/access";

export const addUserAction = defineAction(createUserInput, async (actor, input) => {
  const user = await addUser(actor, input);
  revalidatePath(ACCESS_PATH);
  return user;
});

export const changeRoleAction = defineAction(setRoleInput, async (actor, input) => {
  const user = await changeRole(actor, input);
  revalidatePath(ACCESS_PATH);
  return user;
});

export const setUserDisabledAction = defineAction(setDisabledInput, async (actor, input) => {
  const user = await setUserDisabled(actor, input);
  revalidatePath(ACCESS_PATH);
  return user;
});

export const setUserPasswordAction = defineAction(setPasswordInput, async (actor, input) => {
  await setUserPassword(actor, input);
  return null;
});

export const removeUserAction = defineAction(userIdInput, async (actor, input) => {
  await removeUser(actor, input);
  revalidatePath(ACCESS_PATH);
  return null;
});

export const createTokenAction = defineAction(createTokenInput, async (actor, input) => {
  const token = await createToken(actor, input);
  revalidatePath(ACCESS_PATH);
  return token;
});

export const revokeTokenAction = defineAction(tokenIdInput, async (actor, input) => {
  await revokeToken(actor, input);
  revalidatePath(ACCESS_PATH);
  return null;
});
