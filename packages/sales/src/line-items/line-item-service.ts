import type { ModuleContext, OperationContext } from "@rapport/core";
import { firstHiddenField, shownLines } from "../documents/hidden-money.js";
import type { LineInput, UpdateLineInput } from "./line-input-schema.js";
import {
  addLine,
  followLines,
  type LineSummary,
  linesOf,
  type OpportunityLine,
  removeLine,
  summaryOf,
  updateLine,
} from "./opportunity-lines.js";

const AMOUNT = ["amount"] as const;

/** The summary without its total and amount when the actor's roles hide `opportunity.amount`, and without a hidden currency. */
async function shownSummary(op: OperationContext, summary: LineSummary): Promise<LineSummary> {
  const copy = { ...summary } as Record<string, unknown>;
  if ((await firstHiddenField(op, "opportunity", AMOUNT)) !== undefined) {
    delete copy.lineTotal;
    delete copy.amount;
  }
  if ((await firstHiddenField(op, "opportunity", ["currency"])) !== undefined) delete copy.currency;
  return copy as unknown as LineSummary;
}

/**
 * Line items on opportunities: products, quantities, prices from price books (or typed in)
 * and discounts. Changing lines needs `opportunity:update` on an open opportunity with a
 * currency; reading them needs read access to the opportunity.
 */
export interface LineItemService {
  /**
   * Adds a line. The product must be active, the quantity whole unless the product allows
   * fractions, and a price book (in the opportunity's currency) or a unit price given.
   * A line is part of its opportunity: each line change is a versioned change of the
   * opportunity (audited on it as `add_line`, `update_line` or `remove_line`, with the
   * amount when it follows the lines). Emits `opportunity.updated` and `opportunity_line.created`.
   *
   * @example
   * ```ts
   * const line = await rep.sales.lineItems.add(opp.id, { productId: seat.id, quantity: 25, priceBookId: book.id, discountPercent: 10 });
   * ```
   */
  add(opportunityId: string, input: LineInput): Promise<OpportunityLine>;
  /**
   * Changes a line's quantity, unit price, discount or description, re-pricing it; a patch
   * that changes nothing writes nothing. Emits `opportunity.updated` and `opportunity_line.updated`.
   */
  update(lineId: string, patch: UpdateLineInput): Promise<OpportunityLine>;
  /** Removes a line. Emits `opportunity.updated` and `opportunity_line.removed`. */
  remove(lineId: string): Promise<void>;
  /** The opportunity's lines in position order. */
  list(opportunityId: string): Promise<OpportunityLine[]>;
  /** How many lines, their total, and whether the amount follows them. */
  summary(opportunityId: string): Promise<LineSummary>;
  /**
   * `true`: the opportunity's amount becomes the sum of its lines' net amounts, now and on
   * every line change (in the same transaction); `opportunities.update` then refuses an
   * `amount`. `false`: the amount is set by hand again (it keeps its current value).
   */
  followLines(opportunityId: string, follow: boolean): Promise<LineSummary>;
}

/** Builds the line item service of one scoped client. */
export function createLineItemService(ctx: ModuleContext): LineItemService {
  // Lines add up to the opportunity's amount: a role that hides it sees no line amounts either.
  const shown = async (op: OperationContext, line: OpportunityLine) =>
    (await shownLines(op, "opportunity", [line], AMOUNT))[0] as OpportunityLine;
  return {
    add: (opportunityId, input) => ctx.run(async (op) => shown(op, await addLine(op, opportunityId, input))),
    update: (lineId, patch) => ctx.run(async (op) => shown(op, await updateLine(op, lineId, patch))),
    remove: (lineId) => ctx.run((op) => removeLine(op, lineId)),
    list: (opportunityId) =>
      ctx.read(async (op) => shownLines(op, "opportunity", await linesOf(op, opportunityId), AMOUNT)),
    summary: (opportunityId) => ctx.read(async (op) => shownSummary(op, await summaryOf(op, opportunityId))),
    followLines: (opportunityId, follow) =>
      ctx.run(async (op) => shownSummary(op, await followLines(op, opportunityId, follow))),
  };
}
