import {
  currencySchema,
  idSchema,
  longTextSchema,
  nameSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import { plainExtensionRules, plainFields, plainInput } from "@rapport/core/internals";
import * as z from "zod";
import { percentSchema, plainPercent } from "../documents/percent.js";
import { plainTaxedLine, taxedLineInputSchema, updateLineSchema } from "../line-items/line-input-schema.js";
import { dateSchema } from "../opportunities/opportunity-schema.js";

/**
 * Where a quote stands. `draft` → (`pending_approval` → `approved` when a discount exceeds
 * the tenant's limit) → `sent` → `accepted` / `rejected` / `expired`; a sent quote that is
 * revised becomes `superseded` by its next revision.
 */
export const QUOTE_STATUSES = [
  "draft",
  "pending_approval",
  "approved",
  "sent",
  "accepted",
  "rejected",
  "expired",
  "superseded",
] as const;
/** One of {@link QUOTE_STATUSES}. */
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** The most lines one quote (or order) takes. */
export const MAX_DOCUMENT_LINES = 500;

const headerFields = {
  /** A title for the quote. @default the opportunity's name, else "Quote" */
  name: nameSchema,
  /** A contact at the account the quote is addressed to. */
  contactId: idSchema("con").nullable(),
  /** The default price book of the lines (in the quote's currency). */
  priceBookId: idSchema("pbk").nullable(),
  /** A discount on the whole quote, spread over its lines, 0–100 %. @default 0 */
  headerDiscountPercent: percentSchema,
  /** The last day the quote can be accepted. @default today + the tenant's `quoteValidityDays` */
  validUntil: dateSchema,
  /** Terms and conditions printed on the quote. */
  terms: longTextSchema.max(20_000).nullable(),
  /** A note to the customer printed on the quote. */
  notes: textSchema().trim().max(5_000).nullable(),
  ownerId: userIdSchema.nullable(),
};

/**
 * Input of `quotes.create`: a quote from scratch for an account (optionally tied to an
 * opportunity), with its lines. Use `createFromOpportunity` to copy an opportunity's lines.
 *
 * @example
 * ```ts
 * const quote = await rep.sales.quotes.create({
 *   accountId: acct.id, currency: "USD", priceBookId: book.id,
 *   lines: [{ productId: seat.id, quantity: 25, discountPercent: 10, taxRatePercent: 8.875 }],
 * });
 * ```
 */
export const createQuoteSchema = withRecordExtensions(
  z
    .object({
      accountId: idSchema("acc"),
      opportunityId: idSchema("opp").optional(),
      currency: currencySchema,
      name: headerFields.name.optional(),
      contactId: headerFields.contactId.optional(),
      priceBookId: headerFields.priceBookId.optional(),
      headerDiscountPercent: headerFields.headerDiscountPercent.optional(),
      validUntil: headerFields.validUntil.optional(),
      terms: headerFields.terms.optional(),
      notes: headerFields.notes.optional(),
      ownerId: headerFields.ownerId.optional(),
      lines: z.array(taxedLineInputSchema).max(MAX_DOCUMENT_LINES).optional(),
    })
    .strict(),
);
/** What `quotes.create` accepts. */
export type CreateQuoteInput = z.input<typeof createQuoteSchema>;

const { bySchema, recordId, strictObject, text, arrayOf } = plainInput;

/**
 * {@link createQuoteSchema} for plain inputs (see core's `plainInput`): what its parse
 * returns, or `UNSURE` to let it decide. Keys in the schema's order.
 */
export const plainCreateQuote = strictObject<z.output<typeof createQuoteSchema>>({
  accountId: { read: recordId("acc"), required: true },
  opportunityId: { read: recordId("opp") },
  currency: { read: plainFields.currency, required: true },
  name: { read: plainFields.name },
  contactId: { read: recordId("con"), nullable: true },
  priceBookId: { read: recordId("pbk"), nullable: true },
  headerDiscountPercent: { read: plainPercent },
  // What a calendar date is (month lengths, leap years) stays zod's rule.
  validUntil: { read: bySchema(dateSchema) },
  terms: { read: text({ max: 20_000 }), nullable: true },
  notes: { read: text({ trim: true, max: 5_000 }), nullable: true },
  ownerId: { read: plainFields.userId, nullable: true },
  lines: { read: arrayOf(plainTaxedLine, MAX_DOCUMENT_LINES) },
  ...plainExtensionRules,
});

/** Options of `quotes.createFromOpportunity`: the opportunity's lines are copied with this tax rate. */
export const fromOpportunitySchema = z
  .object({
    name: headerFields.name.optional(),
    contactId: headerFields.contactId.optional(),
    headerDiscountPercent: headerFields.headerDiscountPercent.optional(),
    /** The tax rate of every copied line. @default 0 */
    taxRatePercent: percentSchema.optional(),
    validUntil: headerFields.validUntil.optional(),
    terms: headerFields.terms.optional(),
    notes: headerFields.notes.optional(),
  })
  .strict();
/** What `quotes.createFromOpportunity` accepts. */
export type FromOpportunityOptions = z.input<typeof fromOpportunitySchema>;

/** Input of `quotes.update`: header fields of a draft. */
export const updateQuoteSchema = withRecordExtensions(
  z
    .object({
      name: headerFields.name,
      contactId: headerFields.contactId,
      priceBookId: headerFields.priceBookId,
      headerDiscountPercent: headerFields.headerDiscountPercent,
      validUntil: headerFields.validUntil,
      terms: headerFields.terms,
      notes: headerFields.notes,
      ownerId: headerFields.ownerId,
    })
    .partial()
    .strict(),
);
/** What `quotes.update` accepts. */
export type UpdateQuoteInput = z.input<typeof updateQuoteSchema>;

/** A change to a quote line: the opportunity line changes plus the tax rate. */
export const updateQuoteLineSchema = updateLineSchema.extend({ taxRatePercent: percentSchema.optional() }).strict();
/** What `quotes.updateLine` accepts. */
export type UpdateQuoteLineInput = z.input<typeof updateQuoteLineSchema>;

/** Options of `quotes.accept`. */
export const acceptQuoteSchema = z
  .object({
    /** Close the quote's opportunity as won (through `opportunities.win`) if it is open. @default true */
    winOpportunity: z.boolean().optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `quotes.accept` accepts. */
export type AcceptQuoteOptions = z.input<typeof acceptQuoteSchema>;

/** Options of `quotes.decline` and `quotes.reject`: why. */
export const reasonOptionsSchema = z
  .object({
    reason: textSchema().trim().min(1).max(2_000).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `quotes.decline` and `quotes.reject` accept. */
export type ReasonOptions = z.input<typeof reasonOptionsSchema>;
