"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { runBeatEntryInput, runBeatEntryNow, setBeatEntryEnabled, setBeatEntryEnabledInput } from "@/lib/services/beat-actions";

/** Beat page actions: the services check the role (admin) and write the audit log. */
export const runBeatEntryNowAction = defineAction(runBeatEntryInput, async (actor, input) => {
  const sent = await runBeatEntryNow(actor, input);
  revalidatePath("/beat");
  return sent;
});

export const setBeatEntryEnabledAction = defineAction(setBeatEntryEnabledInput, async (actor, input) => {
  const result = await setBeatEntryEnabled(actor, input);
  revalidatePath("/beat");
  return result;
});
