import {
  boundContext,
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  type WriteOptions,
} from "@rapport/core";
import { DOCUMENT_TOTALS, requireVisible, shownLines } from "../documents/hidden-money.js";
import { type SyncVerbs, syncVerbs } from "../internal/sync-verbs.js";
import type { LineInput } from "../line-items/line-input-schema.js";
import { createQuote, createQuoteFromOpportunity, reviseQuote } from "./quote-create.js";
import { renderQuoteHtml } from "./quote-document.js";
import { addQuoteLine, removeQuoteLine, updateQuote, updateQuoteLine } from "./quote-edits.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";
import { acceptQuote, approveQuote, declineQuote, rejectQuote, sendQuote, submitQuote } from "./quote-lifecycle.js";
import { quoteLineRows } from "./quote-lines.js";
import { quoteParties } from "./quote-parties.js";
import type {
  AcceptQuoteOptions,
  CreateQuoteInput,
  FromOpportunityOptions,
  ReasonOptions,
  UpdateQuoteInput,
  UpdateQuoteLineInput,
} from "./quote-schema.js";
import { updateQuoteSchema } from "./quote-schema.js";
import { type Quote, type QuoteLine, shownQuote, toQuote, toQuoteLine } from "./quote-view.js";

/**
 * Quotes: priced offers numbered per tenant (`Q-00042`), in revisions. Totals are exact in
 * minor units under one rounding rule — half up, per line, then summed (see `lineAmounts`).
 * Lifecycle: `draft` → (`submit` → `approve`, needed when a line's discount exceeds the
 * tenant's `discountApprovalLimit`) → `send` → `accept` / `reject`, or `expired` by
 * `crm.jobs.runDue()` once `validUntil` has passed. `revise` replaces a sent quote with a
 * new draft revision and keeps the old one.
 */
export interface QuoteService extends SyncVerbs<Quote, CreateQuoteInput> {
  /** A draft quote from scratch; lines are priced from their price book unless a unit price is given. Emits `quote.created`. */
  create(input: CreateQuoteInput): Promise<Quote>;
  /**
   * A draft quote for the opportunity's account and contact, in its currency, with copies
   * of its line items (prices and discounts as they stand).
   *
   * @example
   * ```ts
   * const quote = await rep.sales.quotes.createFromOpportunity(opp.id, { taxRatePercent: 20 });
   * ```
   */
  createFromOpportunity(opportunityId: string, options?: FromOpportunityOptions): Promise<Quote>;
  get(id: string): Promise<Quote>;
  /** A page of the quotes the actor may see (filter by `number`, `status`, `opportunityId`…). */
  list(options?: ListOptions): Promise<Page<Quote>>;
  /** The quote's lines in position order. */
  lines(id: string): Promise<QuoteLine[]>;
  /** Changes a draft's header; a new `headerDiscountPercent` re-prices every line. Emits `quote.updated`. */
  update(id: string, patch: UpdateQuoteInput, options?: WriteOptions): Promise<Quote>;
  /** Adds a line to a draft (priced from the line's or the quote's price book unless a unit price is given). */
  addLine(id: string, input: LineInput & { taxRatePercent?: number }): Promise<QuoteLine>;
  /** Changes a draft's line, re-pricing it. */
  updateLine(id: string, lineId: string, patch: UpdateQuoteLineInput): Promise<QuoteLine>;
  removeLine(id: string, lineId: string): Promise<void>;
  /** Asks for approval of a draft with lines. Needs `quote:submit`. Emits `quote.submitted`. */
  submit(id: string, options?: WriteOptions): Promise<Quote>;
  /** Approves a submitted quote (not one's own). Needs `quote:approve`. Emits `quote.approved`. */
  approve(id: string, options?: WriteOptions): Promise<Quote>;
  /** Sends a submitted quote back to draft. Needs `quote:approve`. Emits `quote.approval_declined`. */
  decline(id: string, options?: ReasonOptions): Promise<Quote>;
  /**
   * Marks a draft (with no discount above the limit) or an approved quote as sent, while it
   * is still valid. Otherwise `InvalidTransitionError` (reasons `approval_required`,
   * `quote_expired`, `document_status`). Emits `quote.sent`.
   */
  send(id: string, options?: WriteOptions): Promise<Quote>;
  /**
   * Records the customer's acceptance of a sent, still valid quote; by default wins its open
   * opportunity through `opportunities.win` in the same transaction. An expired quote is
   * refused (`InvalidTransitionError`). Emits `quote.accepted`.
   */
  accept(id: string, options?: AcceptQuoteOptions): Promise<Quote>;
  /** Records the customer's rejection of a sent quote. Emits `quote.rejected`. */
  reject(id: string, options?: ReasonOptions): Promise<Quote>;
  /** A new draft revision of a sent, rejected or expired quote; returns the revision. Emits `quote.revised`. */
  revise(id: string, options?: WriteOptions): Promise<Quote>;
  /** Every revision of a quote number, oldest first. */
  revisions(number: number): Promise<Quote[]>;
  archive(id: string, options?: WriteOptions): Promise<Quote>;
  /**
   * The quote as a self-contained, print-ready HTML document (A4 page rules, every text
   * escaped). PDF is left to the host (print the HTML with a headless browser).
   */
  render(id: string): Promise<string>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), quoteEntity);

async function render(op: OperationContext, id: string): Promise<string> {
  const quote = toQuote(await records(op).get(id));
  // A priced document is nothing without its prices: a role that hides them may not print it.
  await requireVisible(op, "quote", [...DOCUMENT_TOTALS, "currency"], "the quote document");
  const lines = (await quoteLineRows(op, quote.id)).map(toQuoteLine);
  return renderQuoteHtml(quote, lines, await quoteParties(op, quote));
}

/** Builds the quote service of one scoped client. */
export function createQuoteService(ctx: ModuleContext): QuoteService {
  const run = (fn: (op: OperationContext) => Promise<Parameters<typeof toQuote>[0]>) =>
    ctx.run(async (op) => shownQuote(op, await fn(op)));
  return {
    ...syncVerbs<Quote, CreateQuoteInput, QuoteRecord>(ctx, {
      entity: quoteEntity,
      view: (_op, row) => toQuote(row),
      patchSchema: updateQuoteSchema,
      create: async (op, input) => shownQuote(op, await createQuote(op, input)),
      update: async (op, id, patch) => shownQuote(op, await updateQuote(op, id, patch, {})),
      lines: async (op, id) => (await quoteLineRows(op, id)).map(toQuoteLine),
    }),
    create: (input) => run((op) => createQuote(op, input)),
    createFromOpportunity: (opportunityId, options = {}) =>
      run((op) => createQuoteFromOpportunity(op, opportunityId, options)),
    get: (id) => ctx.read(async (op) => toQuote(await records(op).get(id))),
    list: (options) =>
      ctx.read(async (op) => {
        const page = await records(op).list(options);
        return { ...page, items: page.items.map(toQuote) };
      }),
    lines: (id) =>
      ctx.read(async (op) =>
        shownLines(op, "quote", (await quoteLineRows(op, (await records(op).get(id)).id)).map(toQuoteLine)),
      ),
    update: (id, patch, options = {}) => run((op) => updateQuote(op, id, patch, options)),
    addLine: (id, input) => ctx.run((op) => addQuoteLine(op, id, input)),
    updateLine: (id, lineId, patch) => ctx.run((op) => updateQuoteLine(op, id, lineId, patch)),
    removeLine: (id, lineId) => ctx.run((op) => removeQuoteLine(op, id, lineId)),
    submit: (id, options = {}) => run((op) => submitQuote(op, id, options)),
    approve: (id, options = {}) => run((op) => approveQuote(op, id, options)),
    decline: (id, options = {}) => run((op) => declineQuote(op, id, options)),
    send: (id, options = {}) => run((op) => sendQuote(op, id, options)),
    accept: (id, options = {}) => run((op) => acceptQuote(op, id, options)),
    reject: (id, options = {}) => run((op) => rejectQuote(op, id, options)),
    revise: (id, options = {}) => run(async (op) => (await reviseQuote(op, id, options)).revision),
    revisions: (number) =>
      ctx.read(async (op) => {
        const page = await records(op).list({
          filter: [{ field: "number", op: "eq", value: number }],
          orderBy: { field: "revision", direction: "asc" },
          limit: 100,
          includeArchived: true,
        });
        return page.items.map(toQuote);
      }),
    archive: (id, options = {}) => run((op) => records(op).archive(id, options)),
    render: (id) => ctx.read((op) => render(op, id)),
  };
}
