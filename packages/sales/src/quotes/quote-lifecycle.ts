import { type OperationContext, parseInput, type WriteOptions, writeOptionsSchema } from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { refused, wrongStatus } from "../documents/document-errors.js";
import { documentDb } from "../documents/document-tables.js";
import { toStoredPercent } from "../documents/percent.js";
import { loadForChange, writeChanges } from "../documents/record-verbs.js";
import { settingsOf } from "../settings/settings-service.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";
import { type QuoteFigures, recomputeQuoteLines } from "./quote-lines.js";
import { acceptQuoteSchema, reasonOptionsSchema } from "./quote-schema.js";

/** The quote's lifecycle facts an event carries. */
function eventData(quote: QuoteRecord) {
  return { id: quote.id, number: quote.number, revision: quote.revision, opportunityId: quote.opportunityId };
}

/** Throws `ForbiddenError` unless the actor may take `action` on this quote. */
export function authorizeQuote(op: OperationContext, action: string, quote: QuoteRecord): Promise<void> {
  return op.authorize(`quote:${action}`, { ownerId: quote.ownerId, createdBy: quote.createdBy, id: quote.id });
}

/** Loads a quote for a verb and checks the actor may take `action` on it and that it is in one of `statuses`. */
export async function quoteFor(
  op: OperationContext,
  id: string,
  action: string,
  statuses: readonly string[],
  verb: string,
  expectedVersion?: number,
): Promise<QuoteRecord> {
  const quote = await loadForChange(op, quoteEntity, id, expectedVersion);
  await authorizeQuote(op, action, quote);
  if (!statuses.includes(quote.status)) throw wrongStatus("quote", quote.id, quote.status, verb);
  return quote;
}

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
  const line = await documentDb(op)
    .selectFrom("sales_quote_lines")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quote.id)
    .limit(1)
    .executeTakeFirst();
  if (!line) throw refused(`Quote ${quote.id} has no lines`, "document_status", { id: quote.id });
}

function requireValid(op: OperationContext, quote: QuoteRecord): void {
  if (quote.validUntil < dateOf(op.timestamp)) {
    throw refused(`Quote ${quote.id} expired on ${quote.validUntil}`, "quote_expired", {
      id: quote.id,
      validUntil: quote.validUntil,
    });
  }
}

/** `quotes.submit`: asks a manager to approve a draft (required when a discount exceeds the tenant's limit). */
export async function submitQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const before = await quoteFor(op, id, "submit", ["draft"], "submitted", expectedVersion);
  await requireLines(op, before);
  const figures = await currentFigures(op, before);
  const after = await writeChanges(
    op,
    quoteEntity,
    before,
    { ...figures, status: "pending_approval", submittedAt: op.timestamp },
    "submit",
  );
  op.emit("quote.submitted", eventData(after));
  return after;
}

/** `quotes.approve`: a manager approves a submitted quote; its owner cannot approve their own. */
export async function approveQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const before = await quoteFor(op, id, "approve", ["pending_approval"], "approved", expectedVersion);
  if (!op.actor.system && before.ownerId === op.actor.userId) {
    throw refused(`Quote ${before.id} is ${op.actor.userId}'s own; another manager approves it`, "self_approval", {
      id: before.id,
    });
  }
  const after = await writeChanges(
    op,
    quoteEntity,
    before,
    { status: "approved", approvedAt: op.timestamp, approvedBy: op.actor.userId },
    "approve",
  );
  op.emit("quote.approved", eventData(after));
  return after;
}

/** `quotes.decline`: a manager sends a submitted quote back to draft, with a reason. */
export async function declineQuote(op: OperationContext, id: string, options: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(reasonOptionsSchema, options);
  const before = await quoteFor(op, id, "approve", ["pending_approval"], "declined", parsed.expectedVersion);
  const after = await writeChanges(
    op,
    quoteEntity,
    before,
    { status: "draft", submittedAt: null, decisionReason: parsed.reason ?? null },
    "decline",
  );
  op.emit("quote.approval_declined", eventData(after));
  return after;
}

/**
 * `quotes.send`: marks the quote sent to the customer. A draft goes straight out when no
 * line's discount exceeds the tenant's limit; otherwise it must be approved first.
 */
export async function sendQuote(op: OperationContext, id: string, options: WriteOptions): Promise<QuoteRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const before = await quoteFor(op, id, "send", ["draft", "approved"], "sent", expectedVersion);
  requireValid(op, before);
  let changes: Partial<QuoteRecord> = {};
  if (before.status === "draft") {
    await requireLines(op, before);
    const figures = await currentFigures(op, before);
    if (figures.requiresApproval) {
      throw refused(
        `Quote ${before.id} has a ${figures.maxDiscount / 1_000} % discount, above the tenant's limit: submit it for approval`,
        "approval_required",
        { id: before.id, maxDiscountPercent: figures.maxDiscount / 1_000 },
      );
    }
    changes = figures;
  }
  const after = await writeChanges(
    op,
    quoteEntity,
    before,
    { ...changes, status: "sent", sentAt: op.timestamp },
    "send",
  );
  op.emit("quote.sent", eventData(after));
  return after;
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
  const before = await quoteFor(op, id, "decide", ["sent"], "accepted", parsed.expectedVersion);
  requireValid(op, before);
  const after = await writeChanges(op, quoteEntity, before, { status: "accepted", decidedAt: op.timestamp }, "accept");
  let won = false;
  if ((parsed.winOpportunity ?? true) && after.opportunityId !== null) {
    const { opportunities } = (op.client() as OpportunityWinner).sales;
    if ((await opportunities.get(after.opportunityId)).status === "open") {
      await opportunities.win(after.opportunityId);
      won = true;
    }
  }
  op.emit("quote.accepted", {
    ...eventData(after),
    grandTotal: after.grandTotal,
    currency: after.currency,
    wonOpportunity: won,
  });
  return after;
}

/** `quotes.reject`: the customer turned a sent quote down. */
export async function rejectQuote(op: OperationContext, id: string, options: unknown): Promise<QuoteRecord> {
  const parsed = parseInput(reasonOptionsSchema, options);
  const before = await quoteFor(op, id, "decide", ["sent"], "rejected", parsed.expectedVersion);
  const after = await writeChanges(
    op,
    quoteEntity,
    before,
    { status: "rejected", decidedAt: op.timestamp, decisionReason: parsed.reason ?? null },
    "reject",
  );
  op.emit("quote.rejected", eventData(after));
  return after;
}
