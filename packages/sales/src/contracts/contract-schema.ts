import {
  currencySchema,
  idSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { dateSchema } from "../opportunities/opportunity-schema.js";

/** Where a contract stands: `draft` → `active` → `expired` / `terminated` / `renewed`. */
export const CONTRACT_STATUSES = ["draft", "active", "expired", "terminated", "renewed"] as const;
/** One of {@link CONTRACT_STATUSES}. */
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** How often the customer is billed over the term. */
export const BILLING_FREQUENCIES = ["monthly", "quarterly", "semiannual", "annual", "one_time"] as const;
/** One of {@link BILLING_FREQUENCIES}. */
export type BillingFrequency = (typeof BILLING_FREQUENCIES)[number];

const contractFields = {
  name: nameSchema,
  /** The first day of the term. */
  startDate: dateSchema,
  /** The last day of the term (on or after `startDate`). */
  endDate: dateSchema,
  /** The contract's total value, in minor units of `currency`. */
  value: moneyAmountSchema,
  currency: currencySchema,
  billingFrequency: z.enum(BILLING_FREQUENCIES),
  /** Renew automatically (by `crm.jobs.runDue()`) when the term ends. @default false */
  autoRenew: z.boolean(),
  /** Days before `endDate` that `contract.renewal_due` fires. @default the tenant's `renewalNoticeDays` */
  renewalNoticeDays: z.number().int().min(0).max(3_650),
  ownerId: userIdSchema.nullable(),
  contactId: idSchema("con").nullable(),
};

function endsAfterStart(value: { startDate?: string | undefined; endDate?: string | undefined }, ctx: z.RefinementCtx) {
  if (value.startDate !== undefined && value.endDate !== undefined && value.endDate < value.startDate) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "A contract cannot end before it starts" });
  }
}

/**
 * Input of `contracts.create`: a standalone contract for an account.
 *
 * @example
 * ```ts
 * await rep.sales.contracts.create({ accountId: acct.id, startDate: "2026-04-01", endDate: "2027-03-31", value: 1_200_000, currency: "USD", billingFrequency: "monthly", autoRenew: true });
 * ```
 */
export const createContractSchema = withRecordExtensions(
  z
    .object({
      accountId: idSchema("acc"),
      opportunityId: idSchema("opp").optional(),
      name: contractFields.name.optional(),
      startDate: contractFields.startDate,
      endDate: contractFields.endDate,
      value: contractFields.value,
      currency: contractFields.currency,
      billingFrequency: contractFields.billingFrequency,
      autoRenew: contractFields.autoRenew.optional(),
      renewalNoticeDays: contractFields.renewalNoticeDays.optional(),
      ownerId: contractFields.ownerId.optional(),
      contactId: contractFields.contactId.optional(),
    })
    .strict()
    .superRefine(endsAfterStart),
);
/** What `contracts.create` accepts. */
export type CreateContractInput = z.input<typeof createContractSchema>;

/**
 * Options of `contracts.createFromOrder`: the term and billing. The value, currency and
 * account come from the order (its net total). The term defaults to 12 months from the order date.
 */
export const fromOrderSchema = z
  .object({
    name: contractFields.name.optional(),
    startDate: contractFields.startDate.optional(),
    endDate: contractFields.endDate.optional(),
    /** The term in months when no `endDate` is given. @default 12 */
    termMonths: z.number().int().min(1).max(1_200).optional(),
    billingFrequency: contractFields.billingFrequency,
    autoRenew: contractFields.autoRenew.optional(),
    renewalNoticeDays: contractFields.renewalNoticeDays.optional(),
  })
  .strict()
  .superRefine(endsAfterStart);
/** What `contracts.createFromOrder` accepts. */
export type FromOrderOptions = z.input<typeof fromOrderSchema>;

/** Input of `contracts.update`: changes to a draft. */
export const updateContractSchema = withRecordExtensions(
  z
    .object({
      name: contractFields.name,
      startDate: contractFields.startDate,
      endDate: contractFields.endDate,
      value: contractFields.value,
      billingFrequency: contractFields.billingFrequency,
      autoRenew: contractFields.autoRenew,
      renewalNoticeDays: contractFields.renewalNoticeDays,
      ownerId: contractFields.ownerId,
      contactId: contractFields.contactId,
    })
    .partial()
    .strict()
    .superRefine(endsAfterStart),
);
/** What `contracts.update` accepts. */
export type UpdateContractInput = z.input<typeof updateContractSchema>;

/** Options of `contracts.renew`. */
export const renewContractSchema = z
  .object({
    /** @default the day after the current end */
    startDate: contractFields.startDate.optional(),
    /** @default the same term length as the current contract */
    endDate: contractFields.endDate.optional(),
    /** @default the current value */
    value: contractFields.value.optional(),
    /** Open a renewal opportunity for the account, closing on the current end date. @default false */
    createOpportunity: z.boolean().optional(),
    /** Activate the next contract at once. @default false (it starts as a draft) */
    activate: z.boolean().optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict()
  .superRefine(endsAfterStart);
/** What `contracts.renew` accepts. */
export type RenewContractOptions = z.input<typeof renewContractSchema>;

/** Options of `contracts.terminate`. */
export const terminateContractSchema = z
  .object({
    reason: textSchema().trim().min(1).max(2_000),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `contracts.terminate` accepts. */
export type TerminateContractOptions = z.input<typeof terminateContractSchema>;
