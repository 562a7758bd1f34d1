import { idSchema, type OperationContext, parseInput, type WriteOptions, writeOptionsSchema } from "@rapport/core";
import { salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { toStoredPercent } from "../documents/percent.js";
import { assertDocumentState, invalidTransition } from "../errors.js";
import { settingsOf } from "../settings/settings-service.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";
import { type QuoteFigures, recomputeQuoteLines } from "./quote-lines.js";
import { acceptQuoteSchema, reasonOptionsSchema } from "./quote-schema.js";

/** The quote's lifecycle facts an event carries, at the version the verb wrote. */
function eventData(quote: QuoteRecord) {
  return {
    id: quote.id,
    version: quote.version,
    number: quote.number,
    revision: quote.revision,
    opportunityId: quote.opportunityId,
  };
}

/** Checks a quote id's shape before it is looked up (`ValidationError`). */
export const quoteIdSchema = idSchema(quoteEntity.idPrefix);

/** Recomputes the quote's lines and figures under its header discount and the tenant's current limit. */
export async function currentFigures(
  op: OperationContext,
  quote: QuoteRecord,
  headerDiscount = quote.headerDiscount,
): Promise<QuoteFigures> {
  const { discountApprovalLimit } = await settingsOf(op);
  return recomputeQuoteLines(op, quote.id, headerDiscount, toStoredPercent(discountApprovalLimit));
}

async function requireLines(op: OperationContext, quote: QuoteRecord): Promise<void> {
  const line = await salesDb(op)
    .selectFrom("sales_quote_lines")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quote.id)
    .limit(1)
    .executeTakeFirst();
  if (!line) throw invalidTransition(`Quote ${quote.id} has no lines`, "document_status", { id: quote.id });
}

function requireValid(op: OperationContext, quote: QuoteRecord): void {
  if (quote.validUntil < dateOf(op.timestamp)) {
    throw invalidTransition(`Quote ${quote.id} expired on ${quote.validUntil}`, "quote_expired", {
      id: quote.id,
      validUntil: quote.validUntil,
    });
  }
}

/** `quotes.submit`: asks a manager to approve a draft (required when a discount exceeds the tenant's limit). */
export async function submitQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), { expectedVersion, authorize: "submit" });
  assertDocumentState(quotes, before, "submit", ["draft"]);
  await requireLines(op, before);
  const figures = await currentFigures(op, before);
  return quotes.change(
    before,
    { ...figures, status: "pending_approval", submittedAt: op.timestamp },
    { action: "submit", events: (after) => [{ type: "quote.submitted", data: eventData(after) }] },
  );
}

/** `quotes.approve`: a manager approves a submitted quote; its owner cannot approve their own. */
export async function approveQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), { expectedVersion, authorize: "approve" });
  assertDocumentState(quotes, before, "approve", ["pending_approval"]);
  if (!op.actor.system && before.ownerId === op.actor.userId) {
    throw invalidTransition(
      `Quote ${before.id} is ${op.actor.userId}'s own; another manager approves it`,
      "self_approval",
      {
        id: before.id,
      },
    );
  }
  return quotes.change(
    before,
    { status: "approved", approvedAt: op.timestamp, approvedBy: op.actor.userId },
    { action: "approve", events: (after) => [{ type: "quote.approved", data: eventData(after) }] },
  );
}

/** `quotes.decline`: a manager sends a submitted quote back to draft, with a reason. */
export async function declineQuote(op: OperationContext, id: string, options: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(reasonOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "approve",
  });
  assertDocumentState(quotes, before, "decline", ["pending_approval"]);
  return quotes.change(
    before,
    { status: "draft", submittedAt: null, decisionReason: parsed.reason ?? null },
    { action: "decline", events: (after) => [{ type: "quote.approval_declined", data: eventData(after) }] },
  );
}

/**
 * `quotes.send`: marks the quote sent to the customer. A draft goes straight out when no
 * line's discount exceeds the tenant's limit; otherwise it must be approved first.
 */
export async function sendQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), { expectedVersion, authorize: "send" });
  assertDocumentState(quotes, before, "send", ["draft", "approved"]);
  requireValid(op, before);
  let changes: Partial<QuoteRecord> = {};
  if (before.status === "draft") {
    await requireLines(op, before);
    const figures = await currentFigures(op, before);
    if (figures.requiresApproval) {
      throw invalidTransition(
        `Quote ${before.id} has a ${figures.maxDiscount / 1_000} % discount, above the tenant's limit: submit it for approval`,
        "approval_required",
        { id: before.id, maxDiscountPercent: figures.maxDiscount / 1_000 },
      );
    }
    changes = figures;
  }
  return quotes.change(
    before,
    { ...changes, status: "sent", sentAt: op.timestamp },
    { action: "send", events: (after) => [{ type: "quote.sent", data: eventData(after) }] },
  );
}

/** The part of the sales client `accept` calls to win the opportunity. */
interface OpportunityWinner {
  readonly sales: {
    readonly opportunities: {
      get(id: string): Promise<{ status: string }>;
      win(id: string): Promise<unknown>;
    };
  };
}

/**
 * `quotes.accept`: the customer accepted a sent quote within its validity. With
 * `winOpportunity` (the default) an open opportunity of the quote is closed as won through
 * `opportunities.win`, in the same transaction.
 */
export async function acceptQuote(op: OperationContext, id: string, options: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(acceptQuoteSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "decide",
  });
  assertDocumentState(quotes, before, "accept", ["sent"]);
  requireValid(op, before);
  // Decided before the write, so `quote.accepted` says whether the win follows (a failing win rolls it all back).
  const client: unknown = op.client();
  const { opportunities } = (client as OpportunityWinner).sales;
  const win =
    (parsed.winOpportunity ?? true) &&
    before.opportunityId !== null &&
    (await opportunities.get(before.opportunityId)).status === "open";
  const after = await quotes.change(
    before,
    { status: "accepted", decidedAt: op.timestamp },
    {
      action: "accept",
      events: (accepted) => [
        {
          type: "quote.accepted",
          data: {
            ...eventData(accepted),
            grandTotal: accepted.grandTotal,
            currency: accepted.currency,
            wonOpportunity: win,
          },
        },
      ],
    },
  );
  if (win && after.opportunityId !== null) await opportunities.win(after.opportunityId);
  return after;
}

/** `quotes.reject`: the customer turned a sent quote down. */
export async function rejectQuote(op: OperationContext, id: string, options: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(reasonOptionsSchema, options);
  const quotes = op.records(quoteEntity);
  const before = await quotes.loadForChange(parseInput(quoteIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "decide",
  });
  assertDocumentState(quotes, before, "reject", ["sent"]);
  return quotes.change(
    before,
    { status: "rejected", decidedAt: op.timestamp, decisionReason: parsed.reason ?? null },
    { action: "reject", events: (after) => [{ type: "quote.rejected", data: eventData(after) }] },
  );
}
