import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import { serviceDb } from "../shared/service-tables.js";
import { createSlaPolicySchema, type SlaTargets, updateSlaPolicySchema } from "./sla-policy-schema.js";

const policyFields = {
  name: field.text(),
  calendarId: field.text(),
  warningPercent: field.integer(),
  targets: field.json<SlaTargets>(),
  isDefault: field.boolean(),
};

/** Checks that a referenced business calendar exists and is not archived. */
export async function requireCalendar(
  op: OperationContext,
  calendarId: string,
  path: readonly PropertyKey[],
): Promise<void> {
  const row = await serviceDb(op)
    .selectFrom("service_business_calendars")
    .select(["id", "archived_at"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", calendarId)
    .executeTakeFirst();
  if (!row) throw ValidationError.forField(path, `Unknown business calendar ${calendarId}`, { calendarId });
  if (row.archived_at !== null)
    throw ValidationError.forField(path, `Business calendar ${calendarId} is archived`, { calendarId });
}

/** SLA policies: first-response and resolution targets per priority, on a business calendar. */
export const slaPolicyEntity = defineEntity({
  type: "sla_policy",
  table: "service_sla_policies",
  idPrefix: "sla",
  fields: policyFields,
  createSchema: createSlaPolicySchema.transform((input) => ({ ...input, isDefault: false })),
  patchSchema: updateSlaPolicySchema,
  validate: async (next, before, op) => {
    if (before === null || before.calendarId !== next.calendarId)
      await requireCalendar(op, next.calendarId, ["calendarId"]);
  },
});

/** An SLA policy as stored and returned. `isDefault` marks the policy cases get when no entitlement names one. */
export type SlaPolicy = EntityRecord<typeof policyFields>;
