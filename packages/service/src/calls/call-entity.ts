import {
  defineEntity,
  type EntityRecord,
  field,
  NotFoundError,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
import { peersOf, requireAccount, requireContact } from "../shared/peers.js";
import { serviceDb } from "../shared/service-tables.js";
import { type CallDirection, type CallDisposition, createCallSchema, updateCallSchema } from "./call-schema.js";

const callFields = {
  direction: field.text<CallDirection>(),
  from: field.text({ column: "from_number" }),
  to: field.text({ column: "to_number" }),
  startedAt: field.timestamp(),
  durationSeconds: field.integer(),
  disposition: field.nullableText<CallDisposition>(),
  recordingRef: field.nullableText({ filterable: false, sortable: false }),
  notes: field.nullableText({ filterable: false, sortable: false }),
  accountId: field.nullableText(),
  contactId: field.nullableText(),
  caseId: field.nullableText(),
  leadId: field.nullableText(),
  ownerId: field.nullableText(),
  /** The call activity on the timeline of the linked record, when the activities service is there. */
  activityId: field.nullableText(),
};

type CallValues = EntityRecord<typeof callFields>;

/** Checks a new call's links: account and contact (of that account), case, and lead (needs sales). */
export async function validateCall(
  next: Pick<CallValues, "accountId" | "contactId" | "caseId" | "leadId">,
  before: unknown,
  op: OperationContext,
): Promise<void> {
  if (before !== null) return;
  if (next.accountId !== null) await requireAccount(op, next.accountId, ["accountId"]);
  if (next.contactId !== null) {
    const contact = await requireContact(op, next.contactId, ["contactId"]);
    if (next.accountId !== null && contact.accountId !== next.accountId) {
      throw ValidationError.forField(
        ["contactId"],
        `Contact ${next.contactId} does not belong to account ${next.accountId}`,
      );
    }
  }
  if (next.caseId !== null) {
    const found = await serviceDb(op)
      .selectFrom("service_cases")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", next.caseId)
      .executeTakeFirst();
    if (!found) throw ValidationError.forField(["caseId"], `Unknown case ${next.caseId}`);
  }
  if (next.leadId !== null) {
    const { leadId } = next;
    const leads = peersOf(op).sales?.leads;
    if (!leads?.get)
      throw ValidationError.forField(
        ["leadId"],
        "Calls can be linked to leads only when the sales module is installed",
      );
    await leads.get(leadId).catch((error: unknown) => {
      throw error instanceof NotFoundError
        ? ValidationError.forField(["leadId"], `Unknown lead ${leadId}`, { leadId })
        : error;
    });
  }
}

/** Call log entries: inbound and outbound calls with their outcome and recording. */
export const callEntity = defineEntity({
  type: "call",
  table: "service_calls",
  idPrefix: "call",
  fields: callFields,
  createSchema: createCallSchema,
  patchSchema: updateCallSchema,
  ownerField: "ownerId",
  validate: validateCall,
});

/** The stored create form (with the activity id), used by the module once the activity is written. */
export const storedCallEntity = defineEntity({
  ...callEntity,
  createSchema: createCallSchema.extend({ activityId: z.string().nullable() }),
});

/** A call log entry as stored and returned. `from`/`to` are the numbers as given. */
export type Call = CallValues;
