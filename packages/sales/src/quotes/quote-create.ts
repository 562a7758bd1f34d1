import {
  idSchema,
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { salesDb } from "../database.js";
import { addDays, dateOf } from "../documents/dates.js";
import { nextNumber } from "../documents/document-number.js";
import { toStoredPercent } from "../documents/percent.js";
import { assertDocumentState } from "../errors.js";
import { storedPricedLine } from "../line-items/line-rows.js";
import { priceLines } from "../line-items/priced-line.js";
import { opportunityEntity } from "../opportunities/opportunity-entity.js";
import { settingsOf } from "../settings/settings-service.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";
import { quoteIdSchema } from "./quote-lifecycle.js";
import {
  insertQuoteLines,
  quoteFigures,
  quoteLineRows,
  storedTaxedLine,
  type TaxedLine,
  withTaxRate,
} from "./quote-lines.js";
import { createQuoteSchema, fromOpportunitySchema, plainCreateQuote } from "./quote-schema.js";

/** The header of a new quote or revision, before its figures are computed. */
interface NewQuote {
  readonly number: number;
  readonly revision: number;
  readonly name: string;
  readonly accountId: string;
  readonly contactId: string | null;
  readonly opportunityId: string | null;
  readonly ownerId?: string | null | undefined;
  readonly currency: string;
  readonly priceBookId: string | null;
  readonly headerDiscount: number;
  readonly validUntil: string | undefined;
  readonly terms: string | null;
  readonly notes: string | null;
  readonly previousRevisionId: string | null;
  readonly custom?: unknown;
  readonly externalIds?: unknown;
  readonly tags?: unknown;
}

/**
 * Writes a new draft quote with its lines: the header's figures are computed from the lines
 * first. `quote.create` hooks see the values before they are written.
 */
async function insertQuote(op: OperationContext, header: NewQuote, lines: readonly TaxedLine[]): Promise<QuoteRecord> {
  const settings = await settingsOf(op);
  const today = dateOf(op.timestamp);
  const validUntil = header.validUntil ?? addDays(today, settings.quoteValidityDays);
  if (validUntil < today) throw ValidationError.forField(["validUntil"], `validUntil ${validUntil} is in the past`);
  const figures = quoteFigures(lines, header.headerDiscount, toStoredPercent(settings.discountApprovalLimit));
  const values = await op.before("quote.create", { ...header, ...figures, validUntil, status: "draft" });
  const [quote] = await op.records(quoteEntity).insert([values]);
  await insertQuoteLines(op, (quote as QuoteRecord).id, lines, header.headerDiscount, 0);
  return quote as QuoteRecord;
}

/** `quotes.create`: a draft quote from scratch, its lines priced (price book prices unless given). */
export async function createQuote(op: OperationContext, input: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(createQuoteSchema, input, plainCreateQuote);
  await op.authorize("quote:create");
  await op.records(quoteEntity).assertWritable(parsed, { create: true });
  let name = parsed.name;
  if (parsed.opportunityId !== undefined) {
    const opportunity = await op.records(opportunityEntity).get(parsed.opportunityId);
    if (opportunity.currency !== null && opportunity.currency !== parsed.currency) {
      throw ValidationError.forField(["currency"], `Opportunity ${opportunity.id} is in ${opportunity.currency}`);
    }
    name ??= opportunity.name;
  }
  const priceBookId = parsed.priceBookId ?? null;
  const requested = parsed.lines ?? [];
  const priced = await priceLines(op, requested, { currency: parsed.currency, priceBookId }, ["lines"]);
  const lines = priced.map((line, index) => withTaxRate(line, requested[index]?.taxRatePercent));
  return insertQuote(
    op,
    {
      number: await nextNumber(op, "quote"),
      revision: 1,
      name: name ?? "Quote",
      accountId: parsed.accountId,
      contactId: parsed.contactId ?? null,
      opportunityId: parsed.opportunityId ?? null,
      ownerId: parsed.ownerId,
      currency: parsed.currency,
      priceBookId,
      headerDiscount: toStoredPercent(parsed.headerDiscountPercent ?? 0),
      validUntil: parsed.validUntil,
      terms: parsed.terms ?? null,
      notes: parsed.notes ?? null,
      previousRevisionId: null,
      custom: parsed.custom,
      externalIds: parsed.externalIds,
      tags: parsed.tags,
    },
    lines,
  );
}

/** `quotes.createFromOpportunity`: a draft quote for the opportunity's account with copies of its lines. */
export async function createQuoteFromOpportunity(
  op: OperationContext,
  opportunityId: string,
  options: unknown,
): Promise<QuoteRecord> {
  const parsed = parseInput(fromOpportunitySchema, options);
  await op.authorize("quote:create");
  const opportunity = await op
    .records(opportunityEntity)
    .get(parseInput(idSchema(opportunityEntity.idPrefix), opportunityId));
  if (opportunity.currency === null) {
    throw ValidationError.forField(["opportunityId"], `Opportunity ${opportunity.id} has no currency; set one first`);
  }
  const rows = await salesDb(op)
    .selectFrom("sales_opportunity_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .orderBy("position")
    .execute();
  const lines = rows.map((row) => withTaxRate(storedPricedLine(row), parsed.taxRatePercent));
  return insertQuote(
    op,
    {
      number: await nextNumber(op, "quote"),
      revision: 1,
      name: parsed.name ?? opportunity.name,
      accountId: opportunity.accountId,
      contactId: parsed.contactId === undefined ? opportunity.primaryContactId : parsed.contactId,
      opportunityId: opportunity.id,
      currency: opportunity.currency,
      priceBookId: null,
      headerDiscount: toStoredPercent(parsed.headerDiscountPercent ?? 0),
      validUntil: parsed.validUntil,
      terms: parsed.terms ?? null,
      notes: parsed.notes ?? null,
      previousRevisionId: null,
    },
    lines,
  );
}

/** Statuses a quote can be revised from: the customer has seen it. */
const REVISABLE = ["sent", "rejected", "expired"] as const;

/**
 * `quotes.revise`: a new draft revision of a quote the customer has seen, with the same
 * number and copies of its lines; the old quote is kept (a sent one becomes `superseded`).
 */
export async function reviseQuote(
  op: OperationContext,
  id: string,
  options: WriteOptions,
): Promise<{ previous: QuoteRecord; revision: QuoteRecord }> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), { expectedVersion, authorize: "update" });
  // A revised quote has a newer revision already: it is superseded, whatever its status says.
  assertDocumentState<QuoteRecord>(
    quotes,
    before.supersededById === null ? before : { ...before, status: "superseded" },
    "revise",
    [...REVISABLE],
  );
  const last = await salesDb(op)
    .selectFrom("sales_quotes")
    .select((eb) => eb.fn.max("revision").as("revision"))
    .where("tenant_id", "=", op.tenantId)
    .where("number", "=", before.number)
    .executeTakeFirst();
  const lines = (await quoteLineRows(op, before.id)).map(storedTaxedLine);
  const revision = await insertQuote(
    op,
    {
      number: before.number,
      revision: Number(last?.revision ?? before.revision) + 1,
      name: before.name,
      accountId: before.accountId,
      contactId: before.contactId,
      opportunityId: before.opportunityId,
      ownerId: before.ownerId,
      currency: before.currency,
      priceBookId: before.priceBookId,
      headerDiscount: before.headerDiscount,
      validUntil: undefined,
      terms: before.terms,
      notes: before.notes,
      previousRevisionId: before.id,
      custom: before.custom,
      tags: before.tags,
    },
    lines,
  );
  const previous = await quotes.change(
    before,
    { supersededById: revision.id, status: before.status === "sent" ? "superseded" : before.status },
    {
      action: "revise",
      events: (after) => [
        {
          type: "quote.revised",
          data: {
            id: after.id,
            version: after.version,
            number: after.number,
            revision: after.revision,
            opportunityId: after.opportunityId,
            revisionId: revision.id,
          },
        },
      ],
    },
  );
  return { previous, revision };
}
