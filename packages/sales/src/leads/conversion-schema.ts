import {
  type Account,
  type Contact,
  currencySchema,
  idSchema,
  moneyAmountSchema,
  nameSchema,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import type { Opportunity } from "../opportunities/opportunity-entity.js";
import { dateSchema } from "../opportunities/opportunity-schema.js";
import { stageKeySchema } from "../pipelines/stage-schema.js";
import type { Lead } from "./lead-entity.js";

/** The opportunity a conversion creates; every field has a default taken from the lead. */
export const conversionOpportunitySchema = z
  .object({
    /** @default the account's name and the lead's product interests */
    name: nameSchema.optional(),
    pipelineId: idSchema("pipe").optional(),
    stageKey: stageKeySchema.optional(),
    amount: moneyAmountSchema.optional(),
    recurringAmount: moneyAmountSchema.optional(),
    termMonths: z.number().int().min(1).max(1_200).optional(),
    currency: currencySchema.optional(),
    closeDate: dateSchema.optional(),
  })
  .strict();

/**
 * Input of `leads.convert`. Without ids, the contact is the one the lead is known to be (or
 * the contact with the lead's email), else a new one; the account is that contact's, else a
 * new one named after the lead's company. `opportunity: false` converts without a deal.
 */
export const convertLeadSchema = z
  .object({
    /** Attach to this existing account. */
    accountId: idSchema("acc").optional(),
    /** Attach to this existing contact. */
    contactId: idSchema("con").optional(),
    opportunity: z.union([z.literal(false), conversionOpportunitySchema]).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
export type ConvertLeadInput = z.input<typeof convertLeadSchema>;

/** What a conversion produced (or attached to). */
export interface LeadConversion {
  readonly lead: Lead;
  readonly account: Account;
  /** `null` when the lead had no name to make a contact from and matched none. */
  readonly contact: Contact | null;
  readonly opportunity: Opportunity | null;
}
