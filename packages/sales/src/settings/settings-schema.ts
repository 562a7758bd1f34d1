import { currencySchema } from "@rapport/core";
import * as z from "zod";
import { percentSchema } from "../documents/percent.js";

/** The tenant's sales settings. */
export interface SalesSettings {
  /** The currency every roll-up (forecast, quota attainment, partner revenue, expense totals) reports in; `null` until set. */
  readonly corporateCurrency: string | null;
  /**
   * A quote whose discount on any line (line and header discount combined) exceeds this
   * percentage needs a manager's approval before it can be sent. @default 20
   */
  readonly discountApprovalLimit: number;
  /** Days a new quote stays valid when no `validUntil` is given. @default 30 */
  readonly quoteValidityDays: number;
  /** Days before a contract's end that `contract.renewal_due` fires, for contracts that do not set their own. @default 30 */
  readonly renewalNoticeDays: number;
  /** When the settings were last changed; `null` while they are the defaults. */
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** What a tenant starts with. */
export const DEFAULT_SALES_SETTINGS = Object.freeze({
  corporateCurrency: null,
  discountApprovalLimit: 20,
  quoteValidityDays: 30,
  renewalNoticeDays: 30,
} as const);

/**
 * Input of `settings.update`: any subset of the settings.
 *
 * @example
 * ```ts
 * await manager.sales.settings.update({ corporateCurrency: "EUR", discountApprovalLimit: 15 });
 * ```
 */
export const updateSalesSettingsSchema = z
  .object({
    corporateCurrency: currencySchema.optional(),
    discountApprovalLimit: percentSchema.optional(),
    quoteValidityDays: z.number().int().min(1).max(3_650).optional(),
    renewalNoticeDays: z.number().int().min(0).max(3_650).optional(),
  })
  .strict();
/** What `settings.update` accepts. */
export type UpdateSalesSettingsInput = z.input<typeof updateSalesSettingsSchema>;
