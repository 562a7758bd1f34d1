import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import { requireAccount, requireProduct } from "../shared/peers.js";
import { serviceDb } from "../shared/service-tables.js";
import { requireCalendar } from "../sla/sla-policy-entity.js";
import {
  createEntitlementSchema,
  type EntitlementUnit,
  storedEntitlementSchema,
  updateEntitlementSchema,
} from "./entitlement-schema.js";

const entitlementFields = {
  contractId: field.nullableText(),
  accountId: field.text(),
  productId: field.nullableText(),
  name: field.text(),
  startDate: field.text(),
  endDate: field.text(),
  unitKind: field.text<EntitlementUnit>(),
  unitsTotal: field.nullableInteger(),
  /** Incidents used so far: one per case created under the entitlement. */
  incidentsUsed: field.integer({ computed: true }),
  /** Minutes of time logged on cases under the entitlement. */
  minutesUsed: field.integer({ computed: true }),
  calendarId: field.nullableText(),
  slaPolicyId: field.nullableText(),
};

type EntitlementValues = EntityRecord<typeof entitlementFields>;

async function requirePolicy(op: OperationContext, policyId: string): Promise<void> {
  const row = await serviceDb(op)
    .selectFrom("service_sla_policies")
    .select("archived_at")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", policyId)
    .executeTakeFirst();
  if (!row || row.archived_at !== null)
    throw ValidationError.forField(["slaPolicyId"], `Unknown SLA policy ${policyId}`, { slaPolicyId: policyId });
}

async function checkContract(op: OperationContext, next: EntitlementValues): Promise<void> {
  if (next.contractId === null) return;
  const contract = await serviceDb(op)
    .selectFrom("service_contracts")
    .select(["account_id", "start_date", "end_date", "archived_at"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", next.contractId)
    .executeTakeFirst();
  if (!contract || contract.archived_at !== null)
    throw ValidationError.forField(["contractId"], `Unknown service contract ${next.contractId}`);
  if (contract.account_id !== next.accountId)
    throw ValidationError.forField(["accountId"], "The entitlement's account must be the contract's account");
  if (next.startDate < contract.start_date || next.endDate > contract.end_date) {
    throw ValidationError.forField(
      ["startDate"],
      `The entitlement must lie within its contract (${contract.start_date} to ${contract.end_date})`,
    );
  }
}

const shared = {
  type: "entitlement",
  table: "service_entitlements",
  idPrefix: "ent",
  fields: entitlementFields,
  patchSchema: updateEntitlementSchema,
  parent: { type: "account", field: "accountId" },
  validate: async (next: EntitlementValues, before: EntitlementValues | null, op: OperationContext) => {
    if (next.endDate < next.startDate)
      throw ValidationError.forField(["endDate"], "endDate must not be before startDate");
    await checkContract(op, next);
    if (before === null) await requireAccount(op, next.accountId, ["accountId"]);
    if (next.productId !== null && next.productId !== before?.productId)
      await requireProduct(op, next.productId, ["productId"]);
    if (next.calendarId !== null && next.calendarId !== before?.calendarId)
      await requireCalendar(op, next.calendarId, ["calendarId"]);
    if (next.slaPolicyId !== null && next.slaPolicyId !== before?.slaPolicyId)
      await requirePolicy(op, next.slaPolicyId);
  },
} as const;

/** Entitlements: coverage of an account or product for a period, counted in incidents or hours. */
export const entitlementEntity = defineEntity({ ...shared, createSchema: createEntitlementSchema });

/** The same entity with its stored create form, used once the contract's defaults are filled in. */
export const storedEntitlementEntity = defineEntity({ ...shared, createSchema: storedEntitlementSchema });

/** An entitlement as stored and returned. */
export type Entitlement = EntitlementValues;
