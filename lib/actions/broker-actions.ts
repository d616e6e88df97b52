"use server";

import { defineAction } from "@/lib/actions/define-action";
import { purgeBrokerQueue, purgeQueueInput } from "@/lib/services/broker-purge";

/** Purge from the broker page; the service checks the role, the confirmation and audits. */
export const purgeQueueAction = defineAction(purgeQueueInput, (actor, input) => purgeBrokerQueue(actor, input));
