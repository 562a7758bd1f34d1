import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { checkDocumentLinks } from "../documents/record-links.js";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import { checkQuotePriceBook } from "./quote-price-book.js";
import type { QuoteStatus } from "./quote-schema.js";
import { QUOTE_STATUSES } from "./quote-schema.js";

const quoteFields = {
  /** Per tenant, 1, 2, 3… shared by a quote's revisions. */
  number: field.integer({ computed: true }),
  /** 1 for the first version; each revision of a sent quote adds one. */
  revision: field.integer({ computed: true }),
  name: field.text(),
  accountId: field.text(),
  contactId: field.nullableText(),
  opportunityId: field.nullableText(),
  ownerId: field.nullableText(),
  currency: field.text(),
  priceBookId: field.nullableText(),
  status: field.text<QuoteStatus>({ computed: true, values: QUOTE_STATUSES }),
  /** Thousandths of a percent. */
  headerDiscount: field.integer({ filterable: false, sortable: false }),
  validUntil: field.text(),
  subtotal: field.integer({ computed: true }),
  discountTotal: field.integer({ computed: true }),
  netTotal: field.integer({ computed: true }),
  taxTotal: field.integer({ computed: true }),
  grandTotal: field.integer({ computed: true }),
  /** The largest combined discount of a line, thousandths of a percent. */
  maxDiscount: field.integer({ computed: true }),
  requiresApproval: field.boolean({ computed: true }),
  terms: field.nullableText({ filterable: false, sortable: false }),
  notes: field.nullableText({ filterable: false, sortable: false }),
  submittedAt: field.nullableTimestamp(),
  approvedAt: field.nullableTimestamp(),
  approvedBy: field.nullableText(),
  sentAt: field.nullableTimestamp(),
  decidedAt: field.nullableTimestamp(),
  decisionReason: field.nullableText({ filterable: false, sortable: false }),
  expiredAt: field.nullableTimestamp(),
  previousRevisionId: field.nullableText(),
  supersededById: field.nullableText(),
};

/** A quote as stored. The public {@link Quote} shows the discounts in percent. */
export type QuoteRecord = EntityRecord<typeof quoteFields>;

/** Quotes: priced offers to an account, numbered per tenant, in revisions. */
export const quoteEntity = defineEntity({
  type: "quote",
  table: "sales_quotes",
  idPrefix: "quo",
  fields: quoteFields,
  ...PREPARED_INPUT,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    await checkDocumentLinks(op, next, before);
    await checkQuotePriceBook(op, next, before);
  },
});
