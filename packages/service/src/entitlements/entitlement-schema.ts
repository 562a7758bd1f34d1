import { idSchema, nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { localDateSchema } from "../shared/time-schemas.js";

/**
 * What an entitlement counts: `incidents` (each case under it uses one), `hours` (time
 * logged on its cases uses it up), or `unlimited`.
 */
export const ENTITLEMENT_UNITS = ["incidents", "hours", "unlimited"] as const;
export type EntitlementUnit = (typeof ENTITLEMENT_UNITS)[number];

const entitlementFields = {
  /** The contract it belongs to; its account and dates are the defaults. */
  contractId: idSchema("scon").nullable(),
  accountId: idSchema("acc"),
  /** The product covered; `null` covers every product of the account. */
  productId: idSchema("prd").nullable(),
  name: nameSchema,
  startDate: localDateSchema,
  endDate: localDateSchema,
  unitKind: z.enum(ENTITLEMENT_UNITS),
  /** Incidents or hours granted; required unless `unitKind` is `unlimited`. */
  unitsTotal: z.number().int().min(1).max(1_000_000).nullable(),
  /** Support hours: the business calendar SLA clocks of covered cases run on. */
  calendarId: idSchema("bcal").nullable(),
  /** The SLA policy covered cases get instead of the default policy. */
  slaPolicyId: idSchema("sla").nullable(),
};

function checkUnits(
  value: { unitKind?: EntitlementUnit | undefined; unitsTotal?: number | null | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.unitKind === undefined) return;
  if (value.unitKind === "unlimited" && value.unitsTotal != null) {
    ctx.addIssue({ code: "custom", path: ["unitsTotal"], message: "An unlimited entitlement has no unitsTotal" });
  }
  if (value.unitKind !== "unlimited" && value.unitsTotal == null) {
    ctx.addIssue({ code: "custom", path: ["unitsTotal"], message: `unitsTotal is required for ${value.unitKind}` });
  }
}

function checkDates(
  value: { startDate?: string | undefined; endDate?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.startDate && value.endDate && value.endDate < value.startDate) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "endDate must not be before startDate" });
  }
}

/**
 * Input of `service.entitlements.create`: coverage of an account (or one of its products)
 * for a period, counted in incidents or hours. With `contractId`, `accountId`, `startDate`
 * and `endDate` default to the contract's and MUST lie within it.
 *
 * @example
 * ```ts
 * await client.service.entitlements.create({ contractId: contract.id, name: "10 incidents", unitKind: "incidents", unitsTotal: 10 });
 * ```
 */
export const createEntitlementSchema = withRecordExtensions(
  z
    .object({
      ...entitlementFields,
      contractId: entitlementFields.contractId.optional(),
      accountId: entitlementFields.accountId.optional(),
      productId: entitlementFields.productId.optional(),
      startDate: entitlementFields.startDate.optional(),
      endDate: entitlementFields.endDate.optional(),
      unitsTotal: entitlementFields.unitsTotal.optional(),
      calendarId: entitlementFields.calendarId.optional(),
      slaPolicyId: entitlementFields.slaPolicyId.optional(),
    })
    .strict()
    .superRefine(checkUnits)
    .superRefine(checkDates)
    .superRefine((value, ctx) => {
      if (value.contractId) return;
      for (const key of ["accountId", "startDate", "endDate"] as const) {
        if (value[key] === undefined)
          ctx.addIssue({ code: "custom", path: [key], message: `${key} is required without a contractId` });
      }
    }),
);
export type CreateEntitlementInput = z.input<typeof createEntitlementSchema>;

/** The complete stored form, after the contract's defaults were filled in. */
export const storedEntitlementSchema = withRecordExtensions(
  z
    .object(entitlementFields)
    .strict()
    .transform((value) => ({ ...value, incidentsUsed: 0, minutesUsed: 0 })),
);

/** Input of `service.entitlements.update`. Account, contract and unit kind do not change. */
export const updateEntitlementSchema = z
  .object(entitlementFields)
  .omit({ accountId: true, contractId: true, unitKind: true })
  .partial()
  .strict()
  .superRefine(checkDates);
export type UpdateEntitlementInput = z.input<typeof updateEntitlementSchema>;
